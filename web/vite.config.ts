/**
 * Builds the web app into web/dist. The budget plugin measures the output gzipped and fails the build when it
 * reaches 150 KB, so the app cannot quietly grow past what a school's slow connection should load.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { BUNDLE_BUDGET_BYTES, measureBundle } from './bundle-size.js';

const budget = (): Plugin => {
  let outDir = '';
  return {
    name: 'msv-bundle-budget',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const { total } = measureBundle(outDir);
      if (total >= BUNDLE_BUDGET_BYTES) {
        throw new Error(`web app is ${total} bytes gzipped, over the budget of ${BUNDLE_BUDGET_BYTES}`);
      }
    },
  };
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the same build works at any path (CloudFront root, the local gateway).
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No source maps in the bucket: they would double the download for nothing a school needs.
    sourcemap: false,
  },
  plugins: [budget()],
});
