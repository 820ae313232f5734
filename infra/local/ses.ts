/**
 * aws-ses-v2-local in this process: SES v1/v2 SendEmail, with a web page listing the sent mail. With
 * `maxSendRate`, a front of our own answers as SES does over an account's maximum send rate, which SES counts in
 * recipients: a v1 send that would take one second's recipients over it gets `400 Throttling: Maximum sending rate exceeded.` (the awsQuery error the SDK parses
 * into a `Throttling` error), so the paced mailers can be tested against a throttling SES.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalSes {
  url: string;
  /** Sends refused as throttled so far (0 without `maxSendRate`). */
  throttled(): number;
  stop(): Promise<void>;
}

const THROTTLED_BODY = `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/">
  <Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error>
  <RequestId>00000000-0000-4000-8000-000000000000</RequestId>
</ErrorResponse>`;

/** The addresses a v1 send names: `Destination.ToAddresses.member.1`, … (SendRawEmail: `Destinations.member.1`). */
const recipientsOf = (form: URLSearchParams): number =>
  [...form.keys()].filter((k) => /^(Destination\.(To|Cc|Bcc)Addresses|Destinations)\.member\.\d+$/.test(k))
    .length;

const startPackage = async (port: number): Promise<Server> => {
  // The package is CommonJS; depending on the loader its start function sits at one of these places.
  const m = (await import('aws-ses-v2-local')) as Record<string, unknown>;
  const def = m.default as Record<string, unknown> | ((o: unknown) => Promise<Server>);
  const start = (typeof def === 'function' ? def : (def?.default ?? m)) as (o: {
    port: number;
    host: string;
  }) => Promise<Server>;
  return start({ port, host: '127.0.0.1' });
};

const closing = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    // A browser that opened the mail page keeps its keep-alive connections; close() alone would wait for them.
    server.closeAllConnections();
  });

export const startSes = async (opts: { port: number; maxSendRate?: number }): Promise<LocalSes> => {
  const { maxSendRate } = opts;
  if (maxSendRate === undefined) {
    const server = await startPackage(opts.port);
    return { url: `http://127.0.0.1:${opts.port}`, throttled: () => 0, stop: () => closing(server) };
  }
  const inner = await startPackage(0);
  const innerPort = (inner.address() as AddressInfo).port;
  /** When each recipient of the last second was let through: SES counts recipients per second. */
  const recent: number[] = [];
  let throttled = 0;
  const front = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const form = req.method === 'POST' ? new URLSearchParams(body.toString('latin1')) : undefined;
      if (form && /^Send(Raw)?Email$/.test(form.get('Action') ?? '')) {
        const now = Date.now();
        while (recent.length > 0 && (recent[0] as number) <= now - 1000) recent.shift();
        const recipients = Math.max(1, recipientsOf(form));
        if (recent.length + recipients > maxSendRate) {
          throttled++;
          res.writeHead(400, { 'content-type': 'text/xml' }).end(THROTTLED_BODY);
          return;
        }
        for (let i = 0; i < recipients; i++) recent.push(now);
      }
      const forward = request(
        { host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => front.listen(opts.port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${opts.port}`,
    throttled: () => throttled,
    stop: async () => {
      await closing(front);
      await closing(inner);
    },
  };
};
