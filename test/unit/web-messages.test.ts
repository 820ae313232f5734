/**
 * The web app has a Dutch text for every error code the API can return: the codes are collected from the
 * sources of shared/ and functions/ (AppError, ConsentError, badRequest, the ingest error codes, the
 * representativeness warnings), so a new code without a Dutch text fails here, not in front of a school.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeNl, errorNl, knownCodes } from '../../web/src/messages-nl.js';

const ROOT = join(import.meta.dirname, '../..');

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });

/** Every error or warning code written in the API's sources. */
const apiCodes = (): string[] => {
  const codes = new Set<string>();
  const patterns = [
    /new (?:AppError|ConsentError)\(\s*\d{3},\s*'([a-z_]+)'/g,
    /badRequest\(\s*'([a-z_]+)'/g,
    /code: '([a-z_]+)'/g,
  ];
  for (const file of [...sources(join(ROOT, 'shared')), ...sources(join(ROOT, 'functions'))]) {
    const text = readFileSync(file, 'utf8');
    for (const p of patterns) for (const m of text.matchAll(p)) codes.add(m[1] as string);
  }
  // The ingest error codes, as the union type lists them.
  const types = readFileSync(join(ROOT, 'shared/ingest/types.ts'), 'utf8');
  const union = /export type IngestErrorCode =([^;]+);/.exec(types)?.[1] ?? '';
  for (const m of union.matchAll(/'([a-z_]+)'/g)) codes.add(m[1] as string);
  // Path parameters that do not parse: invalid_<param> (functions/lib/http.ts).
  for (const param of ['school_id', 'school_year', 'board_id']) codes.add(`invalid_${param}`);
  // zod's own issue code, used when validating the built-in instrument catalog: never an API answer.
  codes.delete('custom');
  return [...codes].sort();
};

describe('Dutch error texts of the web app', () => {
  it('finds the codes it checks (the scan itself works)', () => {
    expect(apiCodes()).toEqual(
      expect.arrayContaining([
        'forbidden',
        'consent_locked',
        'out_of_scale',
        'invalid_export',
        'low_response',
      ]),
    );
    expect(apiCodes().length).toBeGreaterThan(40);
  });

  it('has a Dutch text for every code the API can return', () => {
    const missing = apiCodes().filter((c) => !knownCodes().includes(c));
    expect(missing).toEqual([]);
  });

  it("prefers the API's own messageNl, then the code, then the status", () => {
    expect(errorNl({ status: 409, code: 'consent_locked', messageNl: 'Eigen tekst.' })).toBe('Eigen tekst.');
    expect(errorNl({ status: 409, code: 'version_conflict' })).toBe(codeNl('version_conflict'));
    expect(errorNl({ status: 502, code: 'http_502' })).toContain('fout 502');
    expect(errorNl({ status: 0, code: 'network_error' })).toContain('niet bereikbaar');
    expect(errorNl(new TypeError('x'))).toContain('niet bereikbaar');
  });
});
