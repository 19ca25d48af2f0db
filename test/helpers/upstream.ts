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
  /** Logins WordPress would accept: session cookie value (or Basic credentials) → user name. */
  logins: Map<string, string>;
  /** How many login checks the gateway asked for. */
  loginChecks: number;
  /** Replace to change how the upstream answers. */
  respond: (req: Received, res: http.ServerResponse) => void;
  server: http.Server;
  close(): Promise<void>;
}

/** A WordPress session cookie for `user` that the recording upstream accepts (add it with `acceptLogin`). */
export function loginCookie(user: string): string {
  return `wordpress_logged_in_0f=${encodeURIComponent(`${user}|1900000000|token-${user}|hmac`)}`;
}

/** Makes the upstream answer the gateway's login checks for `user` as WordPress would; returns the Cookie header to send. */
export function acceptLogin(up: RecordingUpstream, user: string): string {
  const cookie = loginCookie(user);
  up.logins.set(cookie.slice(cookie.indexOf('=') + 1), user);
  return cookie;
}

/**
 * WordPress's answers to the gateway's own login checks (the REST nonce for a
 * session, then users/me), kept out of `received`: they are not the editor's.
 */
function answersLogin(up: RecordingUpstream, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = req.url ?? '';
  const nonce = url === '/wp-admin/admin-ajax.php?action=rest-nonce';
  const me = url === '/?rest_route=/wp/v2/users/me&context=edit';
  if (req.method !== 'GET' || (!nonce && !me)) return false;
  up.loginChecks++;
  const cookie = /wordpress_logged_in_[^=]*=([^;]*)/.exec(String(req.headers.cookie ?? ''))?.[1];
  const basic = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  const user = (cookie && up.logins.get(cookie)) ?? (basic && up.logins.get(Buffer.from(basic, 'base64').toString()));
  if (nonce) {
    res.writeHead(user ? 200 : 400, { 'Content-Type': 'text/html' }).end(user ? 'abc123def0' : '0');
  } else if (user && (basic || req.headers['x-wp-nonce'] === 'abc123def0')) {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: 7, username: user, name: user }));
  } else {
    res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'rest_not_logged_in', message: 'You are not currently logged in.', data: { status: 401 } }));
  }
  return true;
}

/** A real HTTP server standing in for the CMS, recording the exact bytes it receives. */
export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const up: Partial<RecordingUpstream> & { received: Received[] } = {
    received: [],
    logins: new Map(),
    loginChecks: 0,
    respond: (_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Upstream': 'yes' });
      res.end('{"id":1,"status":"publish"}');
    },
  };
  const server = http.createServer((req, res) => {
    if (answersLogin(up as RecordingUpstream, req, res)) return;
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
