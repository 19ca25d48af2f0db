import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePhpForm, parsePhpQuery } from '../../src/cms/php/form.js';
import { parsePhpMultipart } from '../../src/cms/php/multipart.js';
import { phpKeyPath } from '../../src/cms/php/variables.js';
import { parseReport, phpArrayOf, phpSkip, sendRaw, startPhp, type PhpServer, type PhpValue } from '../helpers/php.js';

/**
 * The gateway's model of how PHP reads a request, checked against PHP itself
 * (Debian's php-cli built-in server) on generated inputs: every query string,
 * form body and multipart body below is sent to PHP and read by the model,
 * and the two must agree exactly.
 */

const queryTokens = ['a', 'b', 'Z', '0', '1', '_', '-', '.', '[', ']', '=', '&', '+', '%', '%20', '%00', '%5B', '%5D', '%2E', '%3D', '%26', '%2B', '%E7%A7%98', '%C3', '%G1', '%2', 'rest', 'route', '%5b'];
const query = fc.array(fc.constantFrom(...queryTokens), { minLength: 1, maxLength: 24 }).map((t) => t.join(''));

function request(method: string, target: string, headers: Record<string, string>, body: Buffer = Buffer.alloc(0)): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: php.test', 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (body.length || method === 'POST') lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

/** Files as PHP stored them: every `content` leaf of $_FILES (the reporter adds the temporary file's bytes). */
function fileContents(files: PhpValue): string[] {
  const out: string[] = [];
  const walk = (v: PhpValue, underContent: boolean) => {
    if (Buffer.isBuffer(v)) {
      if (underContent && v.length) out.push(v.toString('base64'));
    } else if (Array.isArray(v)) for (const [k, x] of v) walk(x, underContent || k === 'content');
  };
  if (Array.isArray(files)) for (const [, f] of files) if (Array.isArray(f)) for (const [k, x] of f) if (k === 'content') walk(x, true);
  return out.sort();
}

describe('the PHP parsing model agrees with PHP', { skip: phpSkip }, () => {
  let php: PhpServer;
  before(async () => {
    php = await startPhp();
  });
  after(() => php?.close());

  const ask = async (raw: Buffer) => {
    const res = await sendRaw(php.port, raw);
    assert.equal(res.status, 200, res.body.toString().slice(0, 200));
    return parseReport(res.body);
  };

  it('query strings: names mangled, nested, truncated and decoded as PHP does ($_GET)', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const report = await ask(request('GET', `/index.php?${q}`, {}));
        assert.deepEqual(phpArrayOf(parsePhpQuery(q)), report.get, `query ${q}`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 250), seed: Number(process.env.FUZZ_SEED ?? 901) },
    );
  });

  it('urlencoded bodies ($_POST), whatever charset the Content-Type declares', async () => {
    const bodyTokens = [...queryTokens, ' ', '\0', '\u00e9', 'x=1&&y=2', '&'];
    const charsets = ['', '; charset=utf-8', '; charset=iso-8859-1', '; charset=utf-16le', '; charset=gbk'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...bodyTokens), { minLength: 1, maxLength: 24 }), fc.constantFrom(...charsets), async (tokens, charset) => {
        const body = Buffer.from(tokens.join(''), 'latin1');
        const report = await ask(request('POST', '/wp-admin/post.php', { 'Content-Type': `application/x-www-form-urlencoded${charset}` }, body));
        assert.deepEqual(phpArrayOf(parsePhpForm(body)), report.post, `body ${JSON.stringify(body.toString('latin1'))}`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200), seed: Number(process.env.FUZZ_SEED ?? 902) },
    );
  });

  it('multipart bodies: fields ($_POST) and stored files ($_FILES), also when mangled', async () => {
    const eols = ['\r\n', '\n'];
    const segment = (eol: string) =>
      fc.constantFrom(
        `--B${eol}`,
        `--B--${eol}`,
        `--Bx${eol}`,
        `--A${eol}`,
        `--B  ${eol}`,
        `Content-Disposition: form-data; name="f1"${eol}`,
        `content-disposition:form-data;name=f2${eol}`,
        `Content-Disposition: form-data; name='a;b'; filename="x.txt"${eol}`,
        `Content-Disposition: attachment; filename=y.bin; name=up${eol}`,
        `Content-Disposition: form-data; filename*=UTF-8''z.txt; name=g${eol}`,
        `Content-Disposition: form-data; name="n[a]"; filename="c:\\\\dir\\\\w.txt"${eol}`,
        `Content-Disposition: form-data; name="bad["; filename="v.txt"${eol}`,
        `Content-Disposition: form-data; name="e"; filename=""${eol}`,
        `Content-Disposition : form-data; name="sp"${eol}`,
        `Content-Disposition: form-data; name="q\\"x"${eol}`,
        `Content-Disposition: form-data; name="nul\0x"${eol}`,
        `Content-Type: text/plain; charset=latin1${eol}`,
        ` folded; name="h"${eol}`,
        `X-Other: 1${eol}`,
        eol,
        eol,
        `\u79d8\u5bc6\u26051\u5e74${eol}`,
        'hello',
        `data\r`,
        `${'x'.repeat(5200)}${eol}`,
      );
    const contentTypes = ['multipart/form-data; boundary=B', 'multipart/form-data; boundary="B"', 'multipart/form-data; xboundary=A; boundary=B', 'multipart/form-data; BOUNDARY=B', 'multipart/form-data; boundary=B; charset=latin1', 'multipart/form-data; boundary=B,x'];
    const body = fc.constantFrom(...eols).chain((eol) => fc.array(segment(eol), { minLength: 2, maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...contentTypes), async (segments, contentType) => {
        const bytes = Buffer.from(segments.join(''), 'utf8');
        const report = await ask(request('POST', '/wp-admin/async-upload.php', { 'Content-Type': contentType }, bytes));
        const model = parsePhpMultipart(bytes, contentType);
        const fields = model.parts.filter((p) => p.filename === undefined).map((p) => ({ path: phpKeyPath(p.name!), value: bytes.subarray(p.start, p.end) }));
        const label = `${contentType}\n${JSON.stringify(bytes.toString('latin1'))}`;
        assert.deepEqual(phpArrayOf(fields), report.post, `fields of ${label}`);
        const stored = model.parts.filter((p) => p.filename !== undefined && p.stored && p.end > p.start).map((p) => bytes.subarray(p.start, p.end).toString('base64'));
        assert.deepEqual(stored.sort(), fileContents(report.files), `files of ${label}`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 903) },
    );
  });
});

describe('PHP key paths (php_register_variable_ex)', () => {
  const table: Array<[string, ReturnType<typeof phpKeyPath>]> = [
    ['rest.route', ['rest_route']],
    ['rest route', ['rest_route']],
    [' rest_route', ['rest_route']],
    ['rest[route', ['rest_route']],
    ['rest_route[', ['rest_route_']],
    ['a[b.c', ['a_b_c']],
    ['a.b[c.d]', ['a_b', 'c.d']],
    ['a[b][c', ['a', 'b']],
    ['a[b]c', ['a', 'b']],
    ['a[]', ['a', null]],
    ['a[ ]', ['a', null]],
    ['a[ b]', ['a', ' b']],
    ['a\0b', ['a']],
    ['[a]', undefined],
    ['', undefined],
    ['REST_ROUTE', ['REST_ROUTE']],
  ];
  for (const [name, path] of table) it(JSON.stringify(name), () => assert.deepEqual(phpKeyPath(name), path));
});

describe('PHP multipart model cost', () => {
  // A hang guard, not a speed target: the reader once scanned to the body's end for every line (4 MB of newlines took minutes).
  it('reads a body of four million short lines in one pass', { timeout: 30_000 }, () => {
    const r = parsePhpMultipart(Buffer.alloc(4 << 20, 0x0a), 'multipart/form-data; boundary=a');
    assert.deepEqual(r.parts, []);
    assert.ok(r.anomalies.includes('no close delimiter'));
  });
});
