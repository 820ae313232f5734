// One local Lambda execution environment: a worker thread whose process.env is only its function's synthesized
// environment (given by the parent as the worker's own env object), which loads the function's index.ts once
// (the cold start) and then runs invocations sent by the parent. Plain JavaScript, because it must register the
// TypeScript loader before anything of the project is imported.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();

const { entry, functionName, functionArn, memorySize, timeoutSeconds, logGroupName } = workerData;

/** The Context a Lambda handler gets, for one invocation. */
const contextOf = (requestId, deadline) => ({
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: functionArn,
  memoryLimitInMB: String(memorySize),
  awsRequestId: requestId,
  logGroupName,
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** An error as Lambda reports it to the caller: type and message (the stack stays in this log). */
const errorOf = (err) => ({
  errorType: err?.name ?? 'Error',
  errorMessage: err?.message ?? String(err),
  stack: err?.stack,
});

/**
 * This thread's CPU time in milliseconds: Linux's scheduler statistics of the thread (nanoseconds on a CPU), which
 * count this environment alone, not the other functions' threads or the stand-ins sharing the process; elsewhere
 * the event loop's active time, which is close for a CPU-bound handler. Reported with every answer, so that the
 * bench can say what a function costs (V8's background compile and GC threads are shared and not counted).
 */
const cpuClock = (() => {
  try {
    readFileSync('/proc/thread-self/schedstat', 'utf8');
    return () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return () => performance.eventLoopUtilization().active;
  }
})();

const initStart = cpuClock();
let handler;
try {
  const mod = await import(entry);
  handler = mod.handler;
  if (typeof handler !== 'function') throw new Error(`${entry} exports no handler function`);
  parentPort.postMessage({ type: 'ready', cpuMs: cpuClock() - initStart });
} catch (err) {
  // Lambda's Runtime.InitError: the environment is discarded and the next invocation starts a new one.
  parentPort.postMessage({ type: 'init-error', error: errorOf(err) });
}

parentPort.on('message', async (msg) => {
  if (msg.type !== 'invoke' || !handler) return;
  const deadline = Date.now() + timeoutSeconds * 1000;
  const start = cpuClock();
  try {
    const result = await handler(msg.event, contextOf(msg.requestId, deadline));
    parentPort.postMessage({ type: 'result', id: msg.id, result, cpuMs: cpuClock() - start });
  } catch (err) {
    parentPort.postMessage({ type: 'error', id: msg.id, error: errorOf(err), cpuMs: cpuClock() - start });
  }
});
