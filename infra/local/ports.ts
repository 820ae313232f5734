/** Port helpers for the local stand-ins. */
import { createServer } from 'node:net';

/** Resolves to true when nothing listens on the port (on 127.0.0.1). */
export const isPortFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A port the OS considers free right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

/** The preferred port when free, otherwise any free port. */
export const preferPort = async (preferred: number): Promise<number> =>
  (await isPortFree(preferred)) ? preferred : freePort();
