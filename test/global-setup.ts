/**
 * One set of local AWS stand-ins for the whole test run. The environment reaches the test workers through
 * vitest's provide/inject; test files call useLocalAws() before they create clients.
 */
import type { TestProject } from 'vitest/node';
import { startLocalAws } from './support/local-aws.js';

declare module 'vitest' {
  export interface ProvidedContext {
    localAwsEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stack = await startLocalAws();
  project.provide('localAwsEnv', stack.env);
  return async () => {
    await stack.stop();
  };
}
