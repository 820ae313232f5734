/** Puts the test run's local AWS environment into process.env (call at the top of a test file). */
import { inject } from 'vitest';

export const useLocalAws = (): Record<string, string> => {
  const env = inject('localAwsEnv');
  Object.assign(process.env, env);
  return env;
};
