/**
 * A local Lambda function: its handler in a worker thread of its own whose process.env is exactly the environment
 * given here (the synthesized one), so that no handler sees another's settings. Like Lambda, the module is
 * loaded once (a failed init fails the invocation, and the next invocation starts a fresh environment), an
 * invocation past the function's timeout fails with "Task timed out" and discards the environment, and an
 * invocation's error reaches the caller as an error.
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

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface Environment {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<string, Pending>;
}

export interface FunctionHost {
  invoke(event: unknown, requestId?: string): Promise<unknown>;
  stop(): Promise<void>;
}

const WORKER = new URL('./function-worker.mjs', import.meta.url);

export const startFunctionHost = (opts: FunctionHostOptions): FunctionHost => {
  let current: Environment | undefined;
  let stopped = false;

  const discard = (env: Environment, error: Error) => {
    if (current === env) current = undefined;
    for (const p of env.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    env.pending.clear();
    void env.worker.terminate();
  };

  const start = (): Environment => {
    const worker = new Worker(WORKER, {
      env: { ...opts.env },
      workerData: {
        entry: opts.entry,
        functionName: opts.functionName,
        functionArn: opts.functionArn,
        memorySize: opts.memorySize,
        timeoutSeconds: opts.timeoutSeconds,
        logGroupName: `/aws/lambda/${opts.functionName}`,
      },
    });
    const pending = new Map<string, Pending>();
    let markReady: () => void = () => undefined;
    let failInit: (e: Error) => void = () => undefined;
    const ready = new Promise<void>((ok, fail) => {
      markReady = ok;
      failInit = fail;
    });
    // A failed init is reported to whoever waits; nobody waiting is fine (the next invoke starts anew).
    ready.catch(() => undefined);
    const env: Environment = { worker, ready, pending };
    worker.on(
      'message',
      (msg: { type: string; id?: string; result?: unknown; error?: Record<string, string> }) => {
        if (msg.type === 'ready') return markReady();
        if (msg.type === 'init-error') {
          const err = new FunctionError(
            opts.functionName,
            'Runtime.InitError',
            `${msg.error?.errorType}: ${msg.error?.errorMessage}`,
          );
          failInit(err);
          return discard(env, err);
        }
        const p = msg.id ? pending.get(msg.id) : undefined;
        if (!p) return;
        pending.delete(msg.id as string);
        clearTimeout(p.timer);
        if (msg.type === 'result') p.resolve(msg.result);
        else
          p.reject(
            new FunctionError(
              opts.functionName,
              msg.error?.errorType ?? 'Error',
              msg.error?.errorMessage ?? '',
            ),
          );
      },
    );
    worker.on('error', (err) => {
      const e = new FunctionError(opts.functionName, 'Runtime.ExitError', err.message);
      failInit(e);
      discard(env, e);
    });
    worker.on('exit', () => {
      if (current === env) current = undefined;
    });
    // Invocations keep a worker busy; an idle one must not keep `npm start` or a test process alive.
    worker.unref();
    return env;
  };

  return {
    invoke: async (event, requestId = randomUUID()) => {
      if (stopped) throw new Error(`${opts.functionName} is stopped`);
      current ??= start();
      const env = current;
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
        env.pending.set(id, { resolve, reject, timer });
        env.worker.postMessage({ type: 'invoke', id, requestId, event });
      });
    },
    stop: async () => {
      stopped = true;
      if (current) discard(current, new Error(`${opts.functionName} stopped`));
    },
  };
};
