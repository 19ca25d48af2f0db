import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { makePdf } from '../fixtures/make.js';
import type { Carrier, Payload } from './corpus.js';

/**
 * Carriers an adversarial probe of the gateway found (each forwarded a mark
 * PHP saw, before the fix that closed its class): method overrides in header
 * spellings PHP folds, a `_method` hidden behind a fragment or past
 * max_input_vars, a Content-Type the gateway stripped (listed in
 * Connection), a gzip header comment PHP parses raw, XML-RPC roots and
 * markup IXR reads otherwise, JSON the strict reader refused, media types a
 * REST server trims, multipart part headers, and text in files that no
 * format reader reads (tar and zip names and comments, bytes after a PDF's
 * %%EOF, text that sniffs as an archive).
 */

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const pct = (b: Buffer | string) => [...(Buffer.isBuffer(b) ? b : utf8(b))].map((c) => `%${c.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const entities = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x80 ? c : `&#${c.codePointAt(0)};`)).join('');
const uEscapes = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x80 ? (c === '\n' ? '\\n' : c === '"' ? '\\"' : c) : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
/** For names and other one-line places. */
const line = (p: Payload) => p.text.replace(/<[^>]*>/g, ' ').replace(/["\n\r;]/g, ' ').trim();
const form = 'application/x-www-form-urlencoded';
const mp = 'multipart/form-data; boundary=BB';
type H = Array<[string, string]>;

const gzipWithComment = (plain: Buffer, comment: Buffer) => {
  const g = gzipSync(plain);
  const head = Buffer.from(g.subarray(0, 10));
  head[3] = head[3]! | 0x10; // FCOMMENT
  return Buffer.concat([head, comment, Buffer.from([0]), g.subarray(10)]);
};

/** Printable text that sniffs as a tar archive (`ustar` at offset 257) holding one directory entry. */
const tarShaped = (text: string) => {
  const b = Buffer.alloc(512, 0x20);
  utf8(text).copy(b);
  b.write('00000000000 ', 124, 'latin1');
  b.write('5', 156, 'latin1');
  b.write('ustar', 257, 'latin1');
  return b;
};

function tarHeader(name: string, size: number, type: string): Buffer {
  const h = Buffer.alloc(512, 0);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(type, 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

function tar(entries: Array<{ name: string; data: Buffer; type?: string }>, trailer = Buffer.alloc(0)): Buffer {
  const out: Buffer[] = [];
  for (const e of entries) out.push(tarHeader(e.name, e.data.length, e.type ?? '0'), e.data, Buffer.alloc((512 - (e.data.length % 512)) % 512));
  out.push(Buffer.alloc(1024), trailer);
  return Buffer.concat(out);
}

const upload = (file: Buffer, filename: string) => ({
  method: 'POST',
  target: '/wp-admin/async-upload.php',
  headers: [['Content-Type', mp]] as H,
  body: Buffer.concat([utf8(`--BB\r\nContent-Disposition: form-data; name="async-upload"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file, utf8('\r\n--BB--\r\n')]),
});

const xmlCall = (value: string, head = '<methodCall>') =>
  `${head}<methodName>wp.newPost</methodName><params><param><value><string>1</string></value></param><param><value><struct><member><name>post_content</name><value><string>${value}</string></value></member></struct></value></param></params></methodCall>`;

export async function hostileCarriers(): Promise<Carrier[]> {
  const pdfTail = await makePdf([[{ text: '关于做好防汛工作的通知', x: 60, y: 60 }]]);
  return [
    { name: 'override header spelled with underscores', build: (p) => ['X_HTTP_METHOD_OVERRIDE', 'X-HTTP_Method-Override'].map((h) => ({ method: 'GET', target: `/wp-json/wp/v2/posts?title=${pct(p.text)}`, headers: [[h, 'POST']] as H, body: Buffer.alloc(0) })) },
    { name: '_method after a fragment', build: (p) => ({ method: 'GET', target: `/wp-json/wp/v2/posts?_method=POST&title=${pct(p.text)}#&_method=GET`, headers: [], body: Buffer.alloc(0) }) },
    {
      name: '_method past max_input_vars',
      build: (p) => ({ method: 'GET', target: `/wp-json/wp/v2/posts?_method=POST&title=${pct(p.text)}&${Array.from({ length: 1000 }, (_, i) => `x${i}=1`).join('&')}&_method=GET`, headers: [], body: Buffer.alloc(0) }),
    },
    { name: 'Content-Type listed in Connection', build: (p) => ({ method: 'PUT', target: '/wp-json/wp/v2/posts/5', headers: [['Content-Type', 'text/plain'], ['Connection', 'close, Content-Type']] as H, body: utf8(`content=${pct(p.text)}`) }) },
    { name: 'gzip header comment', build: (p) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form], ['Content-Encoding', 'gzip']] as H, body: gzipWithComment(utf8('action=editpost'), utf8(`&content=${p.text}&`)) }) },
    { name: 'XML-RPC declaration inside the root tag', build: (p) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', form]] as H, body: utf8(xmlCall(entities(p.text), '<methodCall<?xml?>>')) }) },
    { name: 'XML-RPC after PHP-trimmed bytes', build: (p) => [`\x0b`, ' '.repeat(1100), `<?xml version="1.0"?>${'\n'.repeat(400)}`].map((lead) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', 'text/plain']] as H, body: utf8(`${lead}${xmlCall(entities(p.text))}`) })) },
    {
      name: 'XML-RPC markup a lenient parser reads otherwise',
      build: (p) => [`${line(p).slice(0, 1)}<?x >?>${line(p).slice(1)}`, `${line(p).slice(0, 1)}<!-->-->${line(p).slice(1)}`].map((v) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', 'text/xml']] as H, body: utf8(`<?xml version="1.0"?>${xmlCall(v)}`) })),
    },
    {
      name: 'JSON the strict reader refused',
      build: (p) => [
        { ct: 'text/plain', body: `"${uEscapes(p.text)}"` },
        { ct: 'text/plain, application/json', body: `{"n":${'1'.repeat(70)},"content":"${uEscapes(p.text)}"}` },
        { ct: 'text/plain', body: `${' '.repeat(1100)}{"content":"${uEscapes(p.text)}"}` },
      ].map(({ ct, body }) => ({ method: 'POST', target: '/wp-json/wp/v2/posts', headers: [['Content-Type', ct]] as H, body: utf8(body) })),
    },
    { name: 'form media type a REST server trims', build: (p) => [`${form}\t; charset=utf-8`, 'x'].map((ct) => ({ method: 'PUT', target: '/wp-json/wp/v2/posts/5', headers: [['Content-Type', ct]] as H, body: utf8(`content=${pct(p.text)}`) })) },
    { name: 'multipart on PUT, the mark in a part header', build: (p) => ({ method: 'PUT', target: '/wp-json/wp/v2/posts/5', headers: [['Content-Type', mp]] as H, body: utf8(`--BB\r\nContent-Disposition: form-data; name="a"\r\nX-Note: ${line(p)}\r\n\r\nok\r\n--BB--\r\n`) }) },
    { name: 'multipart file type', build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: [['Content-Type', mp]] as H, body: utf8(`--BB\r\nContent-Disposition: form-data; name="async-upload"; filename="a.txt"\r\nContent-Type: ${line(p)}\r\n\r\nhello\r\n--BB--\r\n`) }) },
    {
      name: 'multipart empty file input with the mark in its name',
      build: (p) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', mp]] as H, body: utf8(`--BB\r\nContent-Disposition: form-data; name="content"\r\n\r\nok\r\n--BB\r\nContent-Disposition: form-data; name="att[${line(p)}]"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--BB--\r\n`) }),
    },
    {
      name: 'text that sniffs as an archive',
      build: (p) => {
        const shaped = tarShaped(`${p.text}\n`);
        return [
          { method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form]] as H, body: utf8(`action=editpost&content=${pct(shaped)}`) },
          { method: 'POST', target: '/wp-json/wp/v2/posts', headers: [['Content-Type', 'application/json']] as H, body: utf8(JSON.stringify({ content: shaped.toString('utf8') })) },
          { method: 'POST', target: `/wp-json/wp/v2/posts?content=${pct(shaped)}`, headers: [] as H, body: Buffer.alloc(0) },
        ];
      },
    },
    { name: 'tar entry types and trailing bytes', build: (p) => [tar([{ name: 'notice.txt', data: utf8(p.text), type: '7' }]), tar([{ name: 'a.txt', data: utf8('ok') }], utf8(p.text)), tar([{ name: `${line(p)}.txt`, data: utf8('ok') }])].map((t) => upload(t, 'notice.tar')) },
    {
      name: 'zip comments and names',
      build: (p) =>
        [
          zipSync({ 'a.txt': [strToU8('ok'), { level: 0 }] }, { comment: line(p) } as never),
          zipSync({ [`${line(p)}.txt`]: [strToU8('ok'), { level: 0 }] }),
          zipSync({ 'a.txt': [strToU8('ok'), { level: 0, comment: line(p) }] } as never),
        ].map((z) => upload(Buffer.from(z), 'notice.zip')),
    },
    { name: 'bytes after a PDF %%EOF', build: (p) => upload(Buffer.concat([pdfTail, utf8(`\n%${line(p)}\n`)]), 'notice.pdf') },
    { name: 'a form value that is a gzip stream', build: (p) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form]] as H, body: utf8(`content=${pct(gzipWithComment(utf8('ok'), utf8(p.text)))}`) }) },
  ];
}
