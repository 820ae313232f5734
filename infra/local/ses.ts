/** aws-ses-v2-local in this process: SES v1/v2 SendEmail, with a web page listing the sent mail. */
import type { Server } from 'node:http';

export interface LocalSes {
  url: string;
  stop(): Promise<void>;
}

export const startSes = async (opts: { port: number }): Promise<LocalSes> => {
  // The package is CommonJS; depending on the loader its start function sits at one of these places.
  const m = (await import('aws-ses-v2-local')) as Record<string, unknown>;
  const def = m.default as Record<string, unknown> | ((o: unknown) => Promise<Server>);
  const start = (typeof def === 'function' ? def : (def?.default ?? m)) as (o: {
    port: number;
    host: string;
  }) => Promise<Server>;
  const server = await start({ port: opts.port, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${opts.port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A browser that opened the mail page keeps its keep-alive connections; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
};
