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

/**
 * The preferred port when free, otherwise any free port. With `anyPort` (a stack started with `PORT=0`, as the
 * tests start theirs) always one the OS picks: several stacks starting at once would otherwise each find the
 * same preferred port free and race for it, and all but one fail with EADDRINUSE.
 */
export const preferPort = async (preferred: number, anyPort = process.env.PORT === '0'): Promise<number> =>
  !anyPort && (await isPortFree(preferred)) ? preferred : freePort();
