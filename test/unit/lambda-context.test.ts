/**
 * Every function logs under its own request id: its handler runs inside the logger's Lambda context, through
 * apiHandler (routes), eventHandler (the others) or Powertools' injectLambdaContext directly. A source check, so
 * that a new function cannot forget it; test/integration/correlation.test.ts reads the lines themselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NEEDS } from '../../functions/registry.js';
import { REPO_ROOT } from '../../infra/constructs/msv-function.js';

const sourcesOf = (fn: string) =>
  readdirSync(join(REPO_ROOT, 'functions', fn))
    .filter((f) => f.endsWith('.ts') && f !== 'needs.ts' && f !== 'index.ts')
    .map((f) => readFileSync(join(REPO_ROOT, 'functions', fn, f), 'utf8'))
    .join('\n');

describe('the logger context', () => {
  it.each(FUNCTION_NEEDS.map((n) => n.fn))('%s runs its handler inside it', (fn) => {
    expect(sourcesOf(fn)).toMatch(/\b(apiHandler|eventHandler|injectLambdaContext)(<[^>]*>)?\(/);
  });
});
