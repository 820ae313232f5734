/**
 * The schemas use zod/mini, which loads no locale: shared/zod-locale.ts sets the English one, and every module
 * that builds a schema imports it. Without it every message would be a bare "Invalid input", in API answers and
 * config errors alike, so this checks the imports statically and the messages at run time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { schoolYearSchema } from '../../shared/ids.js';
import { boardSchema } from '../../shared/model.js';

const ROOT = join(import.meta.dirname, '..', '..');

const sourcesUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));

const SOURCES = ['shared', 'functions', 'infra', 'web/src'].flatMap(sourcesUnder);
/** A value import (not `import type`) of zod or one of its subpaths. */
const ZOD_VALUE_IMPORT = /^import\s+(?!type\b)[^;]*?from\s+'(zod(?:\/[^']*)?)'/gm;
/** What may be loaded: mini and its English locale, never classic zod (`zod`, `zod/v4`, `zod/v3`). */
const MINI_ONLY = ['zod/mini', 'zod/v4/locales/en.js'];
const zodImportsOf = (file: string): string[] =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(ZOD_VALUE_IMPORT)].map((m) => m[1] as string);

describe('zod locale', () => {
  it('every module that loads zod/mini loads the English locale too, and none loads classic zod', () => {
    const loading = SOURCES.filter((f) => zodImportsOf(f).length > 0);
    expect(loading.length).toBeGreaterThan(5);
    for (const file of loading) {
      for (const m of zodImportsOf(file)) expect(MINI_ONLY, file).toContain(m);
      if (file === 'shared/zod-locale.ts') continue;
      expect(readFileSync(join(ROOT, file), 'utf8'), file).toMatch(
        /^import '(?:\.\.?\/)+(?:shared\/)?zod-locale\.js';$/m,
      );
    }
  });

  it('issues carry the English messages classic zod gives', () => {
    expect(schoolYearSchema.safeParse(2025).error?.issues[0]?.message).toBe(
      'Invalid input: expected string, received number',
    );
    const board = boardSchema.safeParse({
      boardId: '41234',
      name: ' ',
      emails: [],
      createdAt: '2026-01-01T00:00:00Z',
    });
    expect(board.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['name', 'Too small: expected string to have >=1 characters'],
      ['emails', 'Too small: expected array to have >=1 items'],
    ]);
    expect(() => loadConfig({ MSV_MIN_GROUP_SIZE: '0' })).toThrow(
      'Invalid configuration: MSV_MIN_GROUP_SIZE: Too small: expected number to be >0',
    );
  });
});
