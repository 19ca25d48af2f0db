// Baseline for bench/proxy.ts: the leanest node proxy (node:http server, keep-alive
// agent, pipe both ways, no inspection), i.e. the ceiling for any proxy in Node.
import http from 'node:http';

const upstreamPort = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const server = http.createServer((req, res) => {
  const proxied = http.request({ agent, host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  proxied.on('error', () => {
    res.statusCode = 502;
    res.end();
  });
  req.pipe(proxied);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`));
