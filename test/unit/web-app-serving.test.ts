/**
 * How `npm start` serves the web app: files of web/dist with their content types, `/` as index.html, a
 * config.json pointing at the API, the same CSP as in AWS, and nothing outside web/dist whatever the path.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAppFallback } from '../../infra/local/web-app.js';

let server: Server;
let port: number;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'msv-web-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'index-abc.css'), 'body{}');
  // A file next to dist that must never be served.
  writeFileSync(join(root, 'secret.txt'), 'secret');
  const fallback = webAppFallback({ dist, apiUrl: () => 'http://localhost:1234' });
  server = createServer((req, res) => {
    void fallback(req, res).then((served) => {
      if (!served) {
        res.writeHead(404);
        res.end('not served');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A raw request, so that paths with `..` reach the server exactly as written (fetch would normalise them). */
const get = (path: string, method = 'GET') =>
  new Promise<{ status: number; type: string; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type']),
            body,
            headers: res.headers,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );

describe('web app serving (npm start)', () => {
  it('serves index.html at / and assets with their content types and caching', async () => {
    const index = await get('/');
    expect(index).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><title>app</title>',
    });
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await get('/assets/index-abc.js');
    expect(js).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await get('/assets/index-abc.css')).type).toBe('text/css; charset=utf-8');
  });

  it('answers config.json with the API URL', async () => {
    const config = await get('/config.json');
    expect(config.status).toBe(200);
    expect(JSON.parse(config.body)).toEqual({ apiUrl: 'http://localhost:1234' });
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%00',
    '/assets',
    '/missing.js',
  ])('serves nothing for %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('secret');
  });

  it('leaves other methods to the API (they fall through)', async () => {
    expect((await get('/', 'POST')).status).toBe(404);
    const head = await get('/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});
