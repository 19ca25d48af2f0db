import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  sha256: string;
}

export interface RecordingUpstream {
  url: string;
  port: number;
  received: Received[];
  /** Replace to change how the upstream answers. */
  respond: (req: Received, res: http.ServerResponse) => void;
  server: http.Server;
  close(): Promise<void>;
}

/** A real HTTP server standing in for the CMS, recording the exact bytes it receives. */
export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const up: Partial<RecordingUpstream> & { received: Received[] } = {
    received: [],
    respond: (_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Upstream': 'yes' });
      res.end('{"id":1,"status":"publish"}');
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const rec: Received = { method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, headers: req.headers, body, sha256: createHash('sha256').update(body).digest('hex') };
      up.received.push(rec);
      up.respond!(rec, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(up, {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  }) as RecordingUpstream;
}
