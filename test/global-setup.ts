/**
 * One set of local AWS stand-ins for the whole test run. The environment reaches the test workers through
 * vitest's provide/inject; test files call useLocalAws() before they create clients.
 */
import type { TestProject } from 'vitest/node';
import { ensureWebBuild } from '../infra/local/web-app.js';
import { startLocalAws } from './support/local-aws.js';

declare module 'vitest' {
  export interface ProvidedContext {
    localAwsEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // Built once here, before any test file starts `npm start` (which would otherwise build it, and two test
  // files building into web/dist at once would trip over each other). The build fails past the size budget.
  await ensureWebBuild();
  const stack = await startLocalAws();
  project.provide('localAwsEnv', stack.env);
  return async () => {
    await stack.stop();
  };
}
