/**
 * Serves the built web app from web/dist under `npm start`, next to the API on the same origin, with a
 * `config.json` (shared/http/web-config.ts) that points the app at that origin and at the local OpenID provider.
 * Builds the app with Vite first when the build is missing
 * or older than its sources, so a fresh clone works and an unchanged one starts without building.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebSignIn } from '../../shared/http/web-config.js';
import { contentSecurityPolicy } from '../web-headers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIR = join(ROOT, 'web');
export const WEB_DIST = join(WEB_DIR, 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Newest modification time of the files under `path` (0 when absent). */
const newest = (path: string): number => {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), s.mtimeMs);
};

/** Whether web/dist is missing or older than what it is built from (the app imports pure code from shared/). */
export const webBuildStale = (): boolean => {
  const built = newest(join(WEB_DIST, 'index.html'));
  if (built === 0) return true;
  const sources = Math.max(
    newest(join(WEB_DIR, 'src')),
    newest(join(WEB_DIR, 'index.html')),
    newest(join(WEB_DIR, 'vite.config.ts')),
    newest(join(ROOT, 'shared')),
  );
  return sources > built;
};

/** Builds web/dist with Vite (in this process: no extra start-up) when it is stale. Returns whether it built. */
export const ensureWebBuild = async (log: (line: string) => void = () => undefined): Promise<boolean> => {
  if (!webBuildStale()) return false;
  log('building the web app (web/dist)…');
  const { build } = await import('vite');
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
  return true;
};

export interface WebAppFallbackOptions {
  dist?: string;
  apiUrl: () => string;
  /**
   * The sign-in settings of config.json (the local OpenID provider's). The CSP's connect-src then allows the
   * provider's origin too: the app calls its token and revocation endpoints with fetch, as it calls Cognito's.
   */
  signIn?: () => WebSignIn;
}

/**
 * The gateway fallback for everything that is not an API route: GET and HEAD of files below web/dist, `/` as
 * index.html, and `/config.json`. Paths are resolved and must stay inside web/dist (no `..` traversal).
 */
export const webAppFallback =
  (opts: WebAppFallbackOptions) =>
  async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    const dist = opts.dist ?? WEB_DIST;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return false;
    }
    const signIn = opts.signIn?.();
    const headers = {
      'content-security-policy': contentSecurityPolicy(signIn ? new URL(signIn.tokenEndpoint).origin : ''),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    };
    if (pathname === '/config.json') {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
      res.end(
        method === 'HEAD'
          ? undefined
          : JSON.stringify({ apiUrl: opts.apiUrl(), ...(signIn ? { signIn } : {}) }),
      );
      return true;
    }
    const file = resolve(dist, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (!file.startsWith(`${dist}${sep}`) || pathname.includes('\0')) return false;
    if (!existsSync(file) || !statSync(file).isFile()) return false;
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      // Hashed asset names never change content; index.html must be fetched fresh to find new ones.
      'cache-control': file.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    if (method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
