/**
 * A local Lambda function: its handler in worker threads of its own whose process.env is exactly the environment
 * given here (the synthesized one), so that no handler sees another's settings. Like Lambda, each execution
 * environment (a worker) runs one invocation at a time and concurrent invocations get environments of their own,
 * up to `maxEnvironments` (then they wait); the module is loaded once per environment (a failed init fails the
 * invocation, and the next invocation starts a fresh environment); an invocation past the function's timeout fails
 * with "Task timed out" and its environment is discarded; the heap is capped at the function's memory size.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';

export interface FunctionHostOptions {
  /** Absolute path of the function's index.ts. */
  entry: string;
  functionName: string;
  functionArn: string;
  memorySize: number;
  timeoutSeconds: number;
  /** The environment, and the whole of it: nothing of the parent's process.env is added. */
  env: Readonly<Record<string, string>>;
  /** Most environments at once (Lambda would scale further; locally they cost a thread and memory each). */
  maxEnvironments?: number;
}

/** An invocation that failed in the function (its error, or an init error, or a timeout), as Lambda reports it. */
export class FunctionError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    message: string,
  ) {
    super(`${functionName}: ${errorType}: ${message}`);
    this.name = 'FunctionError';
  }
}

type WorkerMessage = {
  type: string;
  id?: string;
  result?: unknown;
  error?: Record<string, string>;
  /** The environment's thread CPU for this init or invocation (function-worker.mjs says how it is measured). */
  cpuMs?: number;
};

/** What a function's environments have done so far: for the bench, which reports a function's own cost. */
export interface FunctionStats {
  /** Invocations answered (results and errors), and their thread CPU in all. */
  invocations: number;
  cpuMs: number;
  /** Environments that finished their init, and the thread CPU of those inits. */
  inits: number;
  initCpuMs: number;
}

interface Invocation {
  id: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface Environment {
  worker: Worker;
  ready: Promise<void>;
  /** The one invocation it runs, if any. */
  current?: Invocation;
}

export interface FunctionHost {
  invoke(event: unknown, requestId?: string): Promise<unknown>;
  stats(): FunctionStats;
  stop(): Promise<void>;
}

const WORKER = new URL('./function-worker.mjs', import.meta.url);

export const startFunctionHost = (opts: FunctionHostOptions): FunctionHost => {
  const max = opts.maxEnvironments ?? 5;
  const environments = new Set<Environment>();
  const idle: Environment[] = [];
  const waiting: Array<(env: Environment) => void> = [];
  let stopped = false;
  const stats: FunctionStats = { invocations: 0, cpuMs: 0, inits: 0, initCpuMs: 0 };
  // Environments still loading their module. Locally an init is CPU-bound: one at a time per function, the
  // pool growing by one each time an init ends while invocations wait (Lambda would start them all at once).
  let initializing = 0;
  const initEnded = () => {
    initializing--;
    if (waiting.length > 0 && environments.size < max && !stopped)
      (waiting.shift() as (e: Environment) => void)(start());
  };

  const discard = (env: Environment, error: Error) => {
    environments.delete(env);
    const at = idle.indexOf(env);
    if (at >= 0) idle.splice(at, 1);
    if (env.current) {
      clearTimeout(env.current.timer);
      env.current.reject(error);
      env.current = undefined;
    }
    void env.worker.terminate();
    // A freed slot goes to whoever waits for one.
    const next = waiting.shift();
    if (next && !stopped) next(start());
  };

  const start = (): Environment => {
    const worker = new Worker(WORKER, {
      env: { ...opts.env },
      // Lambda's memory size bounds the heap; an environment that runs out fails as Lambda's would.
      resourceLimits: { maxOldGenerationSizeMb: opts.memorySize },
      workerData: {
        entry: opts.entry,
        functionName: opts.functionName,
        functionArn: opts.functionArn,
        memorySize: opts.memorySize,
        timeoutSeconds: opts.timeoutSeconds,
        logGroupName: `/aws/lambda/${opts.functionName}`,
      },
    });
    let markReady: () => void = () => undefined;
    let failInit: (e: Error) => void = () => undefined;
    const ready = new Promise<void>((ok, fail) => {
      markReady = ok;
      failInit = fail;
    });
    // A failed init is reported to whoever waits; nobody waiting is fine (the next invoke starts anew).
    ready.catch(() => undefined);
    initializing++;
    ready.then(initEnded, initEnded);
    const env: Environment = { worker, ready };
    environments.add(env);
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'ready') {
        stats.inits++;
        stats.initCpuMs += msg.cpuMs ?? 0;
        return markReady();
      }
      if (msg.type === 'init-error') {
        const err = new FunctionError(
          opts.functionName,
          'Runtime.InitError',
          `${msg.error?.errorType}: ${msg.error?.errorMessage}`,
        );
        failInit(err);
        return discard(env, err);
      }
      const done = env.current;
      if (!done || msg.id !== done.id) return;
      stats.invocations++;
      stats.cpuMs += msg.cpuMs ?? 0;
      env.current = undefined;
      clearTimeout(done.timer);
      // Idle environments must not keep `npm start` or a test process alive.
      worker.unref();
      release(env);
      if (msg.type === 'result') done.resolve(msg.result);
      else
        done.reject(
          new FunctionError(
            opts.functionName,
            msg.error?.errorType ?? 'Error',
            msg.error?.errorMessage ?? '',
          ),
        );
    });
    worker.on('error', (err) => {
      const e = new FunctionError(opts.functionName, 'Runtime.ExitError', err.message);
      failInit(e);
      discard(env, e);
    });
    worker.on('exit', () => {
      if (environments.has(env))
        discard(env, new FunctionError(opts.functionName, 'Runtime.ExitError', 'exited'));
    });
    return env;
  };

  /** An environment to run on: an idle one, a new one, or the next one freed. */
  const acquire = (): Promise<Environment> => {
    const env = idle.pop();
    if (env) return Promise.resolve(env);
    if (initializing === 0 && environments.size < max) return Promise.resolve(start());
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (env: Environment) => {
    const next = waiting.shift();
    if (next) next(env);
    else idle.push(env);
  };

  return {
    invoke: async (event, requestId = randomUUID()) => {
      if (stopped) throw new Error(`${opts.functionName} is stopped`);
      const env = await acquire();
      // A failed init (the environment is gone then) fails this invocation with it.
      await env.ready;
      return new Promise((resolve, reject) => {
        const id = randomUUID();
        const timer = setTimeout(() => {
          // Lambda stops the environment at the timeout; the next invocation gets a new one.
          discard(
            env,
            new FunctionError(
              opts.functionName,
              'Sandbox.Timedout',
              `Task timed out after ${opts.timeoutSeconds}.00 seconds`,
            ),
          );
        }, opts.timeoutSeconds * 1000);
        env.current = { id, resolve, reject, timer };
        // While it runs, the invocation keeps the process alive, as a caller waiting for Lambda would.
        env.worker.ref();
        env.worker.postMessage({ type: 'invoke', id, requestId, event });
      });
    },
    stats: () => ({ ...stats }),
    stop: async () => {
      stopped = true;
      for (const env of [...environments]) discard(env, new Error(`${opts.functionName} stopped`));
    },
  };
};
