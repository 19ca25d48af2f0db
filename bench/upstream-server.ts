// A minimal CMS stand-in for benchmarks: answers every request with a small page.
import http from 'node:http';

const page = Buffer.from('<!doctype html><html><body><p>' + '门户网站内容 '.repeat(40) + '</p></body></html>');
const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length });
    res.end(page);
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
