import { describe, expect, it } from 'vitest';
import { loadConfig, requireSetting, toEnvironment } from '../../shared/config.js';
import { matchRoute, routes } from '../../shared/http/routes.js';
import { schoolIdSchema, schoolYearSchema } from '../../shared/ids.js';

describe('config', () => {
  it('applies defaults and round-trips through the environment', () => {
    const config = loadConfig({ MSV_TABLE_NAME: 't', MSV_UPLOAD_BUCKET: 'b' });
    expect(config).toMatchObject({
      stage: 'aws',
      minGroupSize: 5,
      maxUploadBytes: 5 * 1024 * 1024,
      maxRows: 100_000,
    });
    expect(loadConfig(toEnvironment(config))).toEqual(config);
  });

  it('refuses MSV_NOW outside the local stage, naming the variable', () => {
    expect(() => loadConfig({ MSV_NOW: '2026-06-30T23:59:00+02:00' })).toThrow(
      /MSV_NOW may only be set on the local/,
    );
    expect(loadConfig({ MSV_STAGE: 'local', MSV_NOW: '2026-06-30T23:59:00+02:00' }).now).toBe(
      '2026-06-30T23:59:00+02:00',
    );
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ MSV_MIN_GROUP_SIZE: 'five', MSV_STAGE: 'prod' })).toThrow(
      /MSV_STAGE: .*; MSV_MIN_GROUP_SIZE: |MSV_MIN_GROUP_SIZE: .*; MSV_STAGE: /,
    );
  });

  it('refuses a monthly no-data start after the weekly reminders start', () => {
    expect(() => loadConfig({ MSV_NO_DATA_REMINDERS_START: '05-15', MSV_REMINDERS_START: '05-01' })).toThrow(
      'must not come after remindersStart',
    );
    expect(
      loadConfig({ MSV_NO_DATA_REMINDERS_START: '05-01', MSV_REMINDERS_START: '05-01' }).remindersStart,
    ).toBe('05-01');
  });

  it('fails clearly when a needed setting is missing', () => {
    expect(() => requireSetting(loadConfig({}), 'tableName')).toThrow('MSV_TABLE_NAME is not set');
  });
});

describe('identifiers', () => {
  it.each(['22KC', '22KC00', '06FV01'])('accepts school id %s', (id) => {
    expect(schoolIdSchema.safeParse(id).success).toBe(true);
  });
  it.each(['22kc00', '22KC0', '2KC00', '22KCX0', '22KC000', ''])('rejects school id %j', (id) => {
    expect(schoolIdSchema.safeParse(id).success).toBe(false);
  });
  it('accepts only consecutive school years', () => {
    expect(schoolYearSchema.safeParse('2025-2026').success).toBe(true);
    expect(schoolYearSchema.safeParse('2025-2027').success).toBe(false);
    expect(schoolYearSchema.safeParse('2025/2026').success).toBe(false);
  });
});

describe('route table', () => {
  it('matches paths with parameters and tells a wrong method from an unknown path', () => {
    const m = matchRoute('POST', '/schools/22KC00/years/2025-2026/exports');
    expect(m.route?.id).toBe('UploadExport');
    expect('pathParameters' in m && m.pathParameters).toEqual({
      schoolId: '22KC00',
      schoolYear: '2025-2026',
    });
    expect(matchRoute('DELETE', '/instruments')).toEqual({ route: undefined, pathAllowed: true });
    expect(matchRoute('GET', '/nope')).toEqual({ route: undefined, pathAllowed: false });
  });

  it('guards every route but the health check and the OpenAPI document', () => {
    expect(routes.filter((r) => !r.auth).map((r) => r.path)).toEqual(['/health', '/openapi.json']);
  });
});
