/**
 * The web app's size budget: every built file, gzipped with node:zlib, must add up to less than 150 KB. Used by
 * the Vite build (it fails past the budget) and by the end-to-end test, which reports the measured size.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** 150 KB, counted as 150,000 bytes: the stricter of the two readings of "KB". */
export const BUNDLE_BUDGET_BYTES = 150_000;

/** Each file under `dir` and its gzipped size, and the total. */
export const measureBundle = (
  dir: string,
): { files: Array<{ file: string; gzip: number }>; total: number } => {
  const files: Array<{ file: string; gzip: number }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push({ file: relative(dir, path), gzip: gzipSync(readFileSync(path), { level: 9 }).length });
    }
  };
  walk(dir);
  return { files, total: files.reduce((sum, f) => sum + f.gzip, 0) };
};
