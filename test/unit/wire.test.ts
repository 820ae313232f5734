/**
 * The per-function wiring: exactly the declared settings, parsed at cold start; a port or setting that was not
 * declared does not compile (the `@ts-expect-error` lines fail `tsc --noEmit` the day they compile).
 */
import { describe, expect, it } from 'vitest';
import { createConsentHandler } from '../../functions/consent/consent.js';
import { needs as consentNeeds } from '../../functions/consent/needs.js';
import { defineNeeds, settingsKeysOf } from '../../functions/lib/needs.js';
import { dynamoStore } from '../../functions/lib/ports/every-store.js';
import { uploadObjects } from '../../functions/lib/ports/uploads.js';
import { wire } from '../../functions/lib/wire.js';
import type { Mailer } from '../../shared/ports.js';

const mailer: Mailer = { send: async () => undefined };
const readOnly = defineNeeds({ fn: 'example', settings: [], access: ['table-read'] });
const env = { MSV_TABLE_NAME: 't', MSV_UPLOAD_BUCKET: 'u', MSV_MIN_GROUP_SIZE: '7', MSV_LOG_LEVEL: 'ERROR' };

describe('wire', () => {
  it('gives a function exactly its declared settings, whatever else the environment holds', () => {
    const deps = wire(readOnly, { store: dynamoStore }, env);
    expect(Object.keys(deps.config).sort()).toEqual(['logLevel', 'stage', 'tableName']);
    expect(deps.config.tableName).toBe('t');
    expect('minGroupSize' in deps.config).toBe(false);
    expect(settingsKeysOf(consentNeeds)).not.toContain('uploadBucket');
  });

  it('fails the init, naming the variable, when a declared resource setting is missing', () => {
    expect(() => wire(readOnly, { store: dynamoStore }, {})).toThrow('MSV_TABLE_NAME: is not set');
    expect(() => wire(consentNeeds, {} as never, { MSV_TABLE_NAME: 't' })).toThrow(
      /MSV_SCHEDULE_GROUP: is not set.*MSV_DISPATCHER_ARN: is not set/,
    );
  });

  it('refuses MSV_NOW outside the local stage and a malformed setting, by name', () => {
    expect(() =>
      wire(readOnly, { store: dynamoStore }, { ...env, MSV_NOW: '2026-06-30T23:59:00+02:00' }),
    ).toThrow('MSV_NOW');
    expect(() => wire(readOnly, { store: dynamoStore }, { ...env, MSV_LOG_LEVEL: 'LOUD' })).toThrow(
      'MSV_LOG_LEVEL',
    );
  });

  it('does not compile with a resource setting declared without its access kind', () => {
    // @ts-expect-error: a bucket comes with its grant (upload-put), never as a plain setting.
    defineNeeds({ fn: 'x', settings: ['uploadBucket'], access: [] });
  });

  it('does not compile with a port the declaration does not give, or without one it does', () => {
    // @ts-expect-error: table-read brings no upload bucket, so no `objects` factory may be passed.
    wire(readOnly, { store: dynamoStore, objects: uploadObjects }, env);
    // @ts-expect-error: the declared table needs its factory.
    expect(() => wire(readOnly, {}, env)).not.toThrow();
    const noMail = defineNeeds({
      fn: 'consent',
      settings: ['lowResponsePercent'],
      access: ['table-write', 'schedules'],
    });
    const deps = {
      ...wire(
        noMail,
        { store: dynamoStore, scheduler: () => ({ ensure: async () => {}, remove: async () => {} }) },
        { ...env, ...scheduling },
      ),
    };
    // @ts-expect-error: the consent handler needs a mailer, and this declaration gives it none.
    createConsentHandler(deps);
    expect(createConsentHandler({ ...deps, mailer })).toBeTypeOf('function');
  });

  it('gives a table access every read, and the writes of only the stores it declares', () => {
    const reader = wire(readOnly, { store: dynamoStore }, env);
    expect(reader.store.consents.get).toBeTypeOf('function');
    // @ts-expect-error: table-read writes nothing (the adapter has the method; IAM refuses the call).
    expect(reader.store.consents.write).toBeTypeOf('function');
    // @ts-expect-error: no function writes tokens, boards or schools: the admin CLI does.
    void reader.store.tokens.put;
    const dispatcher = wire(
      defineNeeds({ fn: 'x', settings: [], access: ['table-dispatch-runs'] }),
      { store: dynamoStore },
      env,
    );
    expect(dispatcher.store.dispatches.record).toBeTypeOf('function');
    // @ts-expect-error: the dispatcher records its runs and may not change a consent.
    void dispatcher.store.consents.write;
    const readingConsent = defineNeeds({
      fn: 'consent',
      settings: ['lowResponsePercent'],
      access: ['table-read', 'schedules', 'mail'],
    });
    const reading = wire(
      readingConsent,
      {
        store: dynamoStore,
        scheduler: () => ({ ensure: async () => {}, remove: async () => {} }),
        mailer: () => mailer,
      },
      { ...env, ...scheduling, MSV_MAIL_FROM: 'msv@example.nl' },
    );
    // @ts-expect-error: the consent handler writes consents, and table-read writes no store.
    createConsentHandler(reading);
  });
});

const scheduling = {
  MSV_SCHEDULE_GROUP: 'g',
  MSV_DISPATCHER_ARN: 'arn:aws:lambda:eu-west-1:000000000000:function:d',
  MSV_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/r',
  MSV_SCHEDULE_DLQ_ARN: 'arn:aws:sqs:eu-west-1:000000000000:q',
};
