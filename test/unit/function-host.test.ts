/** The local Lambda environment: isolation, one invocation per environment, timeouts and failed inits. */
import { pbkdf2Sync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FunctionHost, startFunctionHost } from '../../infra/local/function-host.js';

const entry = new URL('../support/fixture-function/index.ts', import.meta.url).pathname;
const hosts: FunctionHost[] = [];
const host = (env: Record<string, string> = {}, timeoutSeconds = 2) => {
  const h = startFunctionHost({
    entry,
    functionName: 'fixture',
    functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:fixture',
    memorySize: 256,
    timeoutSeconds,
    env: { ONLY: 'this', ...env },
    maxEnvironments: 2,
  });
  hosts.push(h);
  return h;
};
type Out = { threadId: number; calls: number; env: Record<string, string>; requestId: string };

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});

describe('function host', () => {
  it('gives the handler exactly its environment, and the request id', async () => {
    process.env.PARENT_SECRET = 'must-not-leak';
    const out = (await host().invoke({}, 'req-1')) as Out;
    expect(out.env.ONLY).toBe('this');
    expect(out.env.PARENT_SECRET).toBeUndefined();
    expect(out.requestId).toBe('req-1');
    delete process.env.PARENT_SECRET;
  });

  it('runs concurrent invocations in environments of their own, and reuses an idle one', {
    timeout: 20_000,
  }, async () => {
    const h = host();
    const [a, b] = (await Promise.all([h.invoke({ sleepMs: 300 }), h.invoke({ sleepMs: 300 })])) as Out[];
    expect(a?.threadId).not.toBe(b?.threadId);
    expect([a?.calls, b?.calls]).toEqual([1, 1]);
    const c = (await h.invoke({})) as Out;
    expect([a?.threadId, b?.threadId]).toContain(c.threadId);
    expect(c.calls).toBe(2);
    // At most two environments: a third concurrent invocation waits for one.
    const three = (await Promise.all([1, 2, 3].map(() => h.invoke({ sleepMs: 100 })))) as Out[];
    expect(new Set(three.map((o) => o.threadId)).size).toBe(2);
  });

  it("counts its invocations and inits, and each environment's own thread CPU, not its waiting", {
    timeout: 20_000,
  }, async () => {
    const h = host();
    expect(h.stats()).toEqual({ invocations: 0, cpuMs: 0, inits: 0, initCpuMs: 0 });
    await h.invoke({ sleepMs: 400 });
    const slept = h.stats();
    // The same work measured here, on this thread, as the yardstick (CPU time does not grow with the load).
    const t = process.cpuUsage();
    pbkdf2Sync('fixture', 'salt', 300_000, 32, 'sha256');
    const workMs = process.cpuUsage(t).user / 1000;
    await Promise.all([h.invoke({ work: 300_000 }), h.invoke({ work: 300_000 })]);
    const worked = h.stats();
    expect([worked.invocations, worked.inits]).toEqual([3, 2]);
    expect(worked.initCpuMs).toBeGreaterThan(0);
    // Two invocations of that work on threads of their own count about twice it; the 400 ms sleep next to none.
    expect(slept.cpuMs).toBeLessThan(workMs / 2);
    expect(worked.cpuMs - slept.cpuMs).toBeGreaterThan(1.5 * workMs);
    expect(worked.cpuMs - slept.cpuMs).toBeLessThan(3 * workMs);
  });

  it('fails an invocation past the timeout, only that one, and starts a fresh environment', {
    timeout: 20_000,
  }, async () => {
    const h = host({}, 1);
    const [slow, quick] = await Promise.allSettled([h.invoke({ sleepMs: 3000 }), h.invoke({ sleepMs: 200 })]);
    expect(slow).toMatchObject({ status: 'rejected', reason: { errorType: 'Sandbox.Timedout' } });
    expect(quick.status).toBe('fulfilled');
    expect(((await h.invoke({})) as Out).calls).toBeGreaterThanOrEqual(1);
  });

  it("reports a handler's error and a failed init by name; the next invocation inits again", {
    timeout: 20_000,
  }, async () => {
    const h = host({ INIT_MARKER: join(mkdtempSync(join(tmpdir(), 'msv-host-')), 'init') });
    await expect(h.invoke({})).rejects.toMatchObject({
      errorType: 'Runtime.InitError',
      message: expect.stringContaining('MSV_TABLE_NAME: is not set'),
    });
    expect(((await h.invoke({})) as Out).calls).toBe(1);
    await expect(h.invoke({ fail: true })).rejects.toMatchObject({ errorType: 'TypeError', message: /boom/ });
  });
});
