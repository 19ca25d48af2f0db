import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';

/**
 * A generated corpus of write requests that carry content every way PHP and
 * WordPress take it in: query strings on every method, urlencoded bodies in
 * any declared charset, multipart bodies (also mangled), JSON (also batch
 * requests and keys), XML-RPC (strings, untyped values, base64 files, names),
 * raw uploads, compressed bodies, and route and method spellings. Each
 * carrier is filled with a marked payload (three shapes) and a clean twin.
 */

export const mark = '秘密★1年';
const cleanText = '关于做好防汛工作的通知';

export interface Payload {
  text: string;
  marked: boolean;
}

export const payloads: Payload[] = [
  { text: mark, marked: true },
  { text: `${mark}\n${cleanText}`, marked: true },
  { text: `<p>${mark}</p><p>${cleanText}</p>`, marked: true },
  { text: `<p>${cleanText}</p>`, marked: false },
];

export interface RawRequest {
  /** The carrier, for the failure message. */
  carrier: string;
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: Buffer;
  /** Framing a strict reader would read otherwise: held even when clean. */
  ambiguous?: boolean;
  /** No Content-Length: the headers carry Transfer-Encoding and the body is framed already. */
  framed?: boolean;
}

export function serialise(r: RawRequest): Buffer {
  const lines = [`${r.method} ${r.target} HTTP/1.1`, 'Host: portal.test', 'Connection: close'];
  for (const [k, v] of r.headers) lines.push(`${k}: ${v}`);
  if (!r.framed) lines.push(`Content-Length: ${r.body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), r.body]);
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const gbk = (s: string) => iconv.encode(s, 'gbk');
/** Percent-encodes every byte outside the unreserved set. */
const pct = (b: Buffer) => [...b].map((c) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : `%${c.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
const form = 'application/x-www-form-urlencoded';
const json = 'application/json';

export type Carrier = { name: string; ambiguous?: boolean; build: (p: Payload) => Omit<RawRequest, 'carrier' | 'ambiguous'> | Array<Omit<RawRequest, 'carrier' | 'ambiguous'>> };

const restPaths = ['/wp-json/wp/v2/posts', '/?rest_route=/wp/v2/posts', '/index.php?rest.route=%2Fwp%2Fv2%2Fposts'];
const formPaths = ['/wp-admin/post.php', '/wp-admin/admin-ajax.php', '/wp-comments-post.php'];
const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

// Query strings: content on write requests with an empty body, and GETs the REST server turns into writes.
const queryCarriers: Carrier[] = [
  { name: 'query on POST, empty body', build: (p) => restPaths.map((path) => ({ method: 'POST', target: withQuery(path, `content=${pct(utf8(p.text))}`), headers: [], body: Buffer.alloc(0) })) },
  { name: 'GET made a write by _method', build: (p) => restPaths.map((path) => ({ method: 'GET', target: withQuery(path, `_method=POST&content=${pct(utf8(p.text))}`), headers: [], body: Buffer.alloc(0) })) },
  { name: 'GET made a write by a mangled _method', build: (p) => [`%20_method=POST`, `%5Fmethod=POST`].map((m) => ({ method: 'GET', target: `/wp-json/wp/v2/posts?${m}&title=${pct(utf8(p.text))}`, headers: [], body: Buffer.alloc(0) })) },
  { name: 'GET made a write by X-HTTP-Method-Override', build: (p) => ({ method: 'GET', target: `/wp-json/wp/v2/posts?content=${pct(utf8(p.text))}`, headers: [['X-HTTP-Method-Override', 'POST']], body: Buffer.alloc(0) }) },
  { name: 'OPTIONS made a write by _method', build: (p) => ({ method: 'OPTIONS', target: `/?rest_route=/wp/v2/posts&_method=PUT&content=${pct(utf8(p.text))}`, headers: [], body: Buffer.alloc(0) }) },
  { name: 'query key names mangled by PHP', build: (p) => ['con.tent', 'con tent', 'a[b][c]', 'post[content'].map((k) => ({ method: 'POST', target: `/wp-json/wp/v2/posts?${pct(utf8(k))}=${pct(utf8(p.text))}`, headers: [], body: Buffer.alloc(0) })) },
  { name: 'mark in a query key', build: (p) => ({ method: 'POST', target: `/wp-admin/admin-ajax.php?action=x&${pct(utf8(p.text))}=1`, headers: [], body: Buffer.alloc(0) }) },
  { name: 'query with + for spaces and GBK bytes', build: (p) => [pct(gbk(p.text)), pct(utf8(p.text)).replace(/%20/g, '+')].map((v) => ({ method: 'DELETE', target: `/wp-json/wp/v2/posts/5?force=true&note=${v}`, headers: [], body: Buffer.alloc(0) })) },
  { name: 'query and a form body', build: (p) => ({ method: 'POST', target: `/wp-admin/post.php?post_title=${pct(utf8(p.text))}`, headers: [['Content-Type', form]], body: utf8('action=editpost&post_ID=5') }) },
];

// Route spellings that servers resolve differently: whichever script runs, content is content.
const routeSpellings = [
  '/wp-login.php',
  '/wp-admin/post.php/..;/..;/wp-login.php',
  '/?rest_route=/wp/v2/posts&REST_ROUTE=/../../wp-login.php',
  '/index.php?rest.route=/wp/v2/posts',
  '/wp-login.php?rest_route=/wp/v2/posts',
  '/%77p-login.php',
  '//wp-login.php',
  '/wp-admin/../wp-login.php',
  '/wp-login.php#/../wp-admin/post.php',
  '/wp-login.php%2f',
  '/wp-login.php/',
  '/wp-admin/post.php%3B/wp-login.php',
];
const routeCarriers: Carrier[] = [
  { name: 'route spellings', build: (p) => routeSpellings.map((target) => ({ method: 'POST', target, headers: [['Content-Type', form]], body: utf8(`log=editor&content=${pct(utf8(p.text))}`) })) },
  { name: 'login with a method override', build: (p) => ({ method: 'POST', target: '/wp-login.php', headers: [['Content-Type', form], ['X-HTTP-Method-Override', 'PUT']], body: utf8(`content=${pct(utf8(p.text))}`) }) },
];

// urlencoded bodies: PHP reads bytes and ignores every declared charset.
const formBody = (p: Payload, encode: (s: string) => Buffer = utf8) => Buffer.concat([utf8('post_title=t&content='), Buffer.from(pct(encode(p.text)), 'latin1'), utf8('&_wpnonce=abc')]);
const formCarriers: Carrier[] = [
  { name: 'form', build: (p) => formPaths.map((path) => ({ method: 'POST', target: path, headers: [['Content-Type', form]], body: formBody(p) })) },
  ...['iso-8859-1', 'utf-16le', 'utf-7', 'gbk', 'x-unknown'].map((cs) => ({
    name: `form declared ${cs}, UTF-8 bytes`,
    build: (p: Payload) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', `${form}; charset=${cs}`]] as Array<[string, string]>, body: formBody(p) }),
  })),
  { name: 'form with _charset_', build: (p) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form]], body: Buffer.concat([utf8('_charset_=iso-8859-1&'), formBody(p)]) }) },
  { name: 'form in GBK, undeclared', build: (p) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form]], body: formBody(p, gbk) }) },
  { name: 'form with raw unencoded bytes', build: (p) => [utf8, gbk].map((enc) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form]] as Array<[string, string]>, body: Buffer.concat([utf8('content='), enc(p.text)]) })) },
  { name: 'mark in a form name', build: (p) => ({ method: 'POST', target: '/wp-admin/admin-ajax.php', headers: [['Content-Type', form]], body: utf8(`action=save&${pct(utf8(p.text))}=1`) }) },
  { name: 'form names PHP nests', build: (p) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form]], body: utf8(`post%5Bmeta%5D%5Bx%5D=${pct(utf8(p.text))}&tax_input[a.b][]=${pct(utf8(p.text))}`) }) },
  {
    name: 'form media-type spellings',
    build: (p) => ['APPLICATION/X-WWW-FORM-URLENCODED', `${form} ; charset=utf-8`, `${form},text/plain`].map((ct) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', ct]] as Array<[string, string]>, body: formBody(p) })),
  },
  { name: 'untyped and form bodies on PUT and PATCH (REST parses them)', build: (p) => ['PUT', 'PATCH', 'DELETE'].flatMap((method) => [[], [['Content-Type', form]]].map((headers) => ({ method, target: '/wp-json/wp/v2/posts/5', headers: headers as Array<[string, string]>, body: formBody(p) }))) },
  { name: 'double-encoded form value', build: (p) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form]], body: utf8(`content=${pct(Buffer.from(pct(utf8(p.text))))}`) }) },
];

// multipart bodies, clean and mangled.
const B = 'BaomiBoundary7MA4YWxk';
const part = (headers: string[], data: Buffer | string, eol = '\r\n') => Buffer.concat([utf8(`--${B}${eol}${headers.join(eol)}${eol}${eol}`), Buffer.isBuffer(data) ? data : utf8(data), utf8(eol)]);
const close = (eol = '\r\n') => utf8(`--${B}--${eol}`);
const mp = (ct = `multipart/form-data; boundary=${B}`): Array<[string, string]> => [['Content-Type', ct]];
const uploadPaths = ['/wp-admin/async-upload.php', '/wp-json/wp/v2/media'];
const multipartCarriers: Carrier[] = [
  { name: 'multipart field', build: (p) => uploadPaths.map((target) => ({ method: 'POST', target, headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data; name="title"'], p.text), close()]) })) },
  {
    name: 'multipart file',
    build: (p) => uploadPaths.map((target) => ({ method: 'POST', target, headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data; name="async-upload"; filename="notice.txt"', 'Content-Type: text/plain'], p.text), close()]) })),
  },
  { name: 'mark in a file name', build: (p) => ({ method: 'POST', target: '/wp-json/wp/v2/media', headers: mp(), body: Buffer.concat([part([`Content-Disposition: form-data; name="file"; filename="${p.text.replace(/[<>"\n]/g, '')}.txt"`, 'Content-Type: text/plain'], 'x'), close()]) }) },
  { name: 'mark in a field name', build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part([`Content-Disposition: form-data; name="${p.text.replace(/[<>"\n]/g, '')}"`], 'x'), close()]) }) },
  { name: 'multipart declared charsets', build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data; name="_charset_"'], 'iso-8859-1'), part(['Content-Disposition: form-data; name="a"', 'Content-Type: text/plain; charset=latin1'], p.text), close()]) }) },
  { name: 'multipart GBK field', build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data; name="a"'], gbk(p.text)), close()]) }) },
  { name: 'multipart two files, the mark in the second', build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data; name="f[]"; filename="a.txt"'], 'ok'), part(['Content-Disposition: form-data; name="f[]"; filename="b.txt"'], p.text), close()]) }) },
  { name: 'multipart quoted boundary', build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(`multipart/form-data; boundary="${B}"`), body: Buffer.concat([part(['Content-Disposition: form-data; name="a"'], p.text), close()]) }) },
  { name: 'multipart with a tab before the parameters (not multipart to PHP)', build: (p) => ({ method: 'POST', target: '/wp-json/wp/v2/media', headers: mp(`multipart/form-data\t; boundary=${B}`), body: Buffer.concat([part(['Content-Disposition: form-data; name="a"'], p.text), close()]) }) },
  {
    name: 'multipart: xboundary names another boundary',
    ambiguous: true,
    build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(`multipart/form-data; xboundary=${B}; boundary=Other`), body: Buffer.concat([part(['Content-Disposition: form-data; name="a"'], p.text), close()]) }),
  },
  { name: 'multipart: a part after the close delimiter', ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data; name="a"'], 'ok'), close(), part(['Content-Disposition: form-data; name="b"'], p.text), close()]) }) },
  { name: 'multipart: LF line ends', ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data; name="a"'], p.text, '\n'), close('\n')]) }) },
  {
    name: 'multipart: a line that starts like the boundary',
    ambiguous: true,
    build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data; name="a"'], `ok\r\n--${B}x\r\n${p.text}`), close()]) }),
  },
  { name: 'multipart: a part without Content-Disposition', ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-json/wp/v2/media', headers: mp(), body: Buffer.concat([part(['Content-Type: text/plain'], p.text), close()]) }) },
  { name: "multipart: filename* only (a field to PHP)", ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part([`Content-Disposition: form-data; name="f"; filename*=UTF-8''${pct(utf8('通知'))}.txt`], p.text), close()]) }) },
  { name: "multipart: PHP's single quotes", ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part([`Content-Disposition: form-data; name='a;b'`], p.text), close()]) }) },
  { name: 'multipart: a folded header', ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data;', ' name="a"'], p.text), close()]) }) },
  { name: 'multipart: a NUL in a header', ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data; name="a"\0; name="b"'], p.text), close()]) }) },
  { name: 'multipart: a file PHP does not store (brackets)', ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-json/wp/v2/media', headers: [...mp(), ['Content-Disposition', 'attachment; filename=a.txt']], body: Buffer.concat([part(['Content-Disposition: form-data; name="f["; filename="a.txt"'], p.text), close()]) }) },
  { name: 'multipart: no close delimiter', ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-admin/async-upload.php', headers: mp(), body: part(['Content-Disposition: form-data; name="a"'], p.text) }) },
  { name: 'multipart: an empty file input beside a field', build: (p) => ({ method: 'POST', target: '/wp-admin/post.php', headers: mp(), body: Buffer.concat([part(['Content-Disposition: form-data; name="content"'], p.text), part(['Content-Disposition: form-data; name="att"; filename=""', 'Content-Type: application/octet-stream'], ''), close()]) }) },
];

// JSON bodies: WordPress's REST server parses every string; keys are block and meta names.
const jsonCarriers: Carrier[] = [
  { name: 'json', build: (p) => restPaths.map((target) => ({ method: 'POST', target, headers: [['Content-Type', json]] as Array<[string, string]>, body: utf8(JSON.stringify({ title: 't', content: p.text, status: 'publish' })) })) },
  { name: 'json \\u escapes', build: (p) => ({ method: 'POST', target: '/wp-json/wp/v2/posts', headers: [['Content-Type', json]], body: utf8(`{"content":"${[...p.text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`) }) },
  { name: 'json nested and in arrays', build: (p) => ({ method: 'POST', target: '/wp-json/wp/v2/posts/5', headers: [['Content-Type', json]], body: utf8(JSON.stringify({ meta: { source: [1, { x: p.text }] } })) }) },
  { name: 'mark in a json key', build: (p) => ({ method: 'POST', target: '/wp-json/wp/v2/posts', headers: [['Content-Type', json]], body: utf8(JSON.stringify({ meta: { [p.text]: 'x' } })) }) },
  {
    name: 'batch request with content in an inner query',
    build: (p) => ({ method: 'POST', target: '/wp-json/batch/v1', headers: [['Content-Type', json]], body: utf8(JSON.stringify({ requests: [{ method: 'POST', path: `/wp/v2/posts?content=${pct(utf8(p.text))}` }] })) }),
  },
  { name: 'batch request with an inner body', build: (p) => ({ method: 'POST', target: '/?rest_route=/batch/v1', headers: [['Content-Type', json]], body: utf8(JSON.stringify({ requests: [{ method: 'POST', path: '/wp/v2/posts', body: { content: p.text } }] })) }) },
  {
    name: 'json media-type spellings',
    build: (p) => ['application/vnd.api+json', 'text/plain', 'application/json; charset=utf-16le', 'APPLICATION/JSON'].map((ct) => ({ method: 'POST', target: '/wp-json/wp/v2/posts', headers: [['Content-Type', ct]] as Array<[string, string]>, body: utf8(JSON.stringify({ content: p.text })) })),
  },
  { name: 'json on other methods', build: (p) => [['PUT', '/wp-json/wp/v2/posts/5'], ['PATCH', '/wp-json/wp/v2/posts/5'], ['GET', '/wp-json/wp/v2/posts?_method=POST']].map(([method, target]) => ({ method: method!, target: target!, headers: [['Content-Type', json]] as Array<[string, string]>, body: utf8(JSON.stringify({ content: p.text })) })) },
  { name: 'json sent as a form (PHP makes it a field name)', build: (p) => ({ method: 'POST', target: '/wp-admin/admin-ajax.php', headers: [['Content-Type', form]], body: utf8(JSON.stringify({ content: p.text })) }) },
  { name: 'json with duplicate keys', ambiguous: true, build: (p) => [`{"content":${JSON.stringify(p.text)},"content":"ok"}`, `{"content":"ok","content":${JSON.stringify(p.text)}}`].map((b) => ({ method: 'POST', target: '/wp-json/wp/v2/posts', headers: [['Content-Type', json]] as Array<[string, string]>, body: utf8(b) })) },
];

// XML-RPC: xmlrpc.php reads the raw body whatever its Content-Type; <base64> members are files.
const call = (method: string, params: string) => `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;
const str = (s: string) => `<value><string>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</string></value>`;
const auth = `<param>${str('1')}</param><param>${str('editor')}</param><param>${str('app password')}</param>`;
const member = (name: string, value: string) => `<member><name>${name}</name>${value}</member>`;
const b64 = (b: Buffer) => `<value><base64>${b.toString('base64')}</base64></value>`;
const xml = 'text/xml';
const xmlRpcCarriers: Carrier[] = [
  { name: 'xml-rpc wp.newPost', build: (p) => [xml, form, 'application/octet-stream'].map((ct) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', ct]] as Array<[string, string]>, body: utf8(call('wp.newPost', `${auth}<param><value><struct>${member('post_content', str(p.text))}</struct></value></param>`)) })) },
  { name: 'xml-rpc untyped value', build: (p) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', xml]], body: utf8(call('metaWeblog.newPost', `${auth}<param><value><struct>${member('description', `<value>${p.text.replace(/</g, '&lt;')}</value>`)}</struct></value></param>`)) }) },
  { name: 'xml-rpc wp.uploadFile', build: (p) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', xml]], body: utf8(call('wp.uploadFile', `${auth}<param><value><struct>${member('name', str('notice.txt'))}${member('type', str('text/plain'))}${member('bits', b64(utf8(p.text)))}</struct></value></param>`)) }) },
  { name: 'xml-rpc newMediaObject named with the mark', build: (p) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', xml]], body: utf8(call('metaWeblog.newMediaObject', `${auth}<param><value><struct>${member('name', str(`${p.text.replace(/[<>\n]/g, '')}.txt`))}${member('bits', b64(utf8('ok')))}</struct></value></param>`)) }) },
  { name: 'xml-rpc character references', build: (p) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', xml]], body: utf8(call('wp.newPost', `${auth}<param><value><struct>${member('post_title', `<value><string>${[...p.text].map((c) => `&#${c.charCodeAt(0)};`).join('')}</string></value>`)}</struct></value></param>`)) }) },
  { name: 'xml-rpc CDATA', build: (p) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', xml]], body: utf8(call('wp.newPost', `${auth}<param><value><struct>${member('post_content', `<value><string><![CDATA[${p.text}]]></string></value>`)}</struct></value></param>`)) }) },
  { name: 'xml-rpc text after the string', build: (p) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', xml]], body: utf8(call('wp.newPost', `${auth}<param><value><struct>${member('post_content', `<value><string>ok</string>${p.text.replace(/</g, '&lt;')}</value>`)}</struct></value></param>`)) }) },
  { name: 'xml-rpc member name', build: (p) => ({ method: 'POST', target: '/xmlrpc.php', headers: [['Content-Type', xml]], body: utf8(call('wp.editProfile', `${auth}<param><value><struct>${member(p.text.replace(/</g, '&lt;'), str('x'))}</struct></value></param>`)) }) },
];

// Raw bodies: a REST media upload stores the body itself; HTML and text are documents.
const rawCarriers: Carrier[] = [
  {
    name: 'raw media upload',
    build: (p) => ['text/plain', 'application/octet-stream', 'text/html'].map((ct) => ({ method: 'POST', target: '/wp-json/wp/v2/media', headers: [['Content-Type', ct], ['Content-Disposition', 'attachment; filename=notice.txt']] as Array<[string, string]>, body: utf8(p.text) })),
  },
  { name: 'raw body in GBK', build: (p) => ({ method: 'POST', target: '/wp-json/wp/v2/media', headers: [['Content-Type', 'text/plain'], ['Content-Disposition', 'attachment; filename=a.txt']], body: gbk(p.text) }) },
];

// Content-Encoding: PHP does not undo it; a filter in front of PHP may.
const encodingCarriers: Carrier[] = [
  ...(
    [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['deflate', deflateRawSync],
      ['br', brotliCompressSync],
    ] as const
  ).map(([coding, compress]) => ({ name: `${coding} body`, build: (p: Payload) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form], ['Content-Encoding', coding]] as Array<[string, string]>, body: compress(formBody(p)) }) })),
  {
    name: 'compressed stream followed by plain text',
    ambiguous: true,
    build: (p) =>
      ([['deflate', deflateSync], ['br', brotliCompressSync]] as const).map(([coding, compress]) => ({
        method: 'POST',
        target: '/wp-admin/post.php',
        headers: [['Content-Type', form], ['Content-Encoding', coding]] as Array<[string, string]>,
        body: Buffer.concat([compress(utf8('a=1')), utf8(`&content=${pct(utf8(p.text))}`)]),
      })),
  },
  { name: 'chunked body', build: (p) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form], ['Transfer-Encoding', 'chunked']], framed: true, body: chunked(formBody(p)) }) },
  { name: 'a transfer coding besides chunked', ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-admin/post.php', headers: [['Content-Type', form], ['Transfer-Encoding', 'gzip, chunked']], framed: true, body: chunked(gzipSync(formBody(p))) }) },
  { name: 'two Content-Type headers', ambiguous: true, build: (p) => ({ method: 'POST', target: '/wp-json/wp/v2/posts', headers: [['Content-Type', form], ['Content-Type', json]], body: utf8(JSON.stringify({ content: p.text })) }) },
];

function chunked(body: Buffer): Buffer {
  const half = Math.ceil(body.length / 2);
  const chunk = (b: Buffer) => Buffer.concat([utf8(`${b.length.toString(16)}\r\n`), b, utf8('\r\n')]);
  return Buffer.concat([chunk(body.subarray(0, half)), chunk(body.subarray(half)), utf8('0\r\n\r\n')]);
}

export const carriers: Carrier[] = [...queryCarriers, ...routeCarriers, ...formCarriers, ...multipartCarriers, ...jsonCarriers, ...xmlRpcCarriers, ...rawCarriers, ...encodingCarriers];

export interface Case extends RawRequest {
  payload: Payload;
  /** The mutations applied to a base case, if any. */
  mutations?: string[];
}

/** Every carrier with every payload, in a fixed order. */
export function baseCases(more: Carrier[] = []): Case[] {
  const out: Case[] = [];
  for (const c of [...carriers, ...more]) {
    for (const payload of payloads) {
      const built = c.build(payload);
      for (const r of Array.isArray(built) ? built : [built]) out.push({ ...r, carrier: c.name, ambiguous: c.ambiguous, payload });
    }
  }
  return out;
}

/** Small deterministic PRNG (mulberry32): the corpus is the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const header = (c: Case, name: string) => c.headers.find(([k]) => k.toLowerCase() === name)?.[1];
const setHeader = (c: Case, name: string, value: string): Case => ({ ...c, headers: [...c.headers.filter(([k]) => k.toLowerCase() !== name.toLowerCase()), [name, value]] });
const isForm = (c: Case) => (header(c, 'content-type') ?? '').toLowerCase().startsWith(form);
const isMultipart = (c: Case) => (header(c, 'content-type') ?? '').includes('multipart/form-data');
/** The body is still plain bytes (not yet compressed or chunked), so a mutation may edit it. */
const plainBody = (c: Case) => !c.framed && !header(c, 'content-encoding');

/**
 * Mutations that keep a request a write and keep what it carries, each
 * saying whether a strict reader still reads it one way; applied at random
 * (seeded) on top of the base cases.
 */
const mutations: Array<{ name: string; applies: (c: Case) => boolean; apply: (c: Case, rnd: () => number) => Case; ambiguous?: boolean }> = [
  { name: 'extra query parameter', applies: () => true, apply: (c) => ({ ...c, target: withQuery(c.target, `_wpnonce=${'abc123'}&x%5B%5D=1`) }) },
  { name: 'another REST spelling', applies: (c) => c.target.startsWith('/wp-json/wp/v2/posts'), apply: (c, rnd) => ({ ...c, target: c.target.replace('/wp-json/wp/v2/posts', ['/?rest_route=/wp/v2/posts', '/index.php?rest_route=%2Fwp%2Fv2%2Fposts', '/WP-JSON/wp/v2/posts', '/wp-json/wp/v2/posts/', '/wp-json//wp/v2/posts;x=1'][Math.floor(rnd() * 5)]!).replace(/\?([^?]*)\?/, '?$1&') }) },
  { name: 'header names in other case', applies: (c) => c.headers.length > 0, apply: (c) => ({ ...c, headers: c.headers.map(([k, v]) => [k.toUpperCase(), v]) }) },
  { name: 'a declared charset', applies: (c) => !!header(c, 'content-type') && !header(c, 'content-type')!.includes('charset') && !isMultipart(c), apply: (c, rnd) => setHeader(c, 'Content-Type', `${header(c, 'content-type')}; charset=${['iso-8859-1', 'utf-16', 'gb2312', 'big5', 'shift_jis'][Math.floor(rnd() * 5)]}`) },
  { name: 'method override header', applies: () => true, apply: (c) => ({ ...c, headers: [...c.headers, ['X-HTTP-Method-Override', 'PUT']] }) },
  { name: 'method override in the query', applies: () => true, apply: (c) => ({ ...c, target: withQuery(c.target, '_method=PATCH') }) },
  { name: 'NUL in a query name', applies: () => true, apply: (c) => ({ ...c, target: withQuery(c.target, 'con%00tent=1') }) },
  { name: 'clean duplicate field before', applies: (c) => isForm(c) && plainBody(c), apply: (c) => ({ ...c, body: Buffer.concat([Buffer.from('content=ok&'), c.body]) }) },
  { name: 'clean duplicate field after', applies: (c) => isForm(c) && plainBody(c), apply: (c) => ({ ...c, body: Buffer.concat([c.body, Buffer.from('&content=ok')]) }) },
  { name: 'chunked', applies: (c) => !c.framed, apply: (c) => ({ ...setHeader(c, 'Transfer-Encoding', 'chunked'), framed: true, body: chunked(c.body) }) },
  { name: 'deflate', applies: (c) => !c.framed && !header(c, 'content-encoding'), apply: (c) => setHeader({ ...c, body: deflateSync(c.body) }, 'Content-Encoding', 'deflate') },
  { name: 'PUT instead of POST', applies: (c) => c.method === 'POST', apply: (c) => ({ ...c, method: 'PUT' }) },
  { name: 'GET with the body and _method', applies: (c) => c.method === 'POST' && c.target.includes('wp-json'), apply: (c) => ({ ...c, method: 'GET', target: withQuery(c.target, '_method=POST') }) },
  { name: 'JSON with a byte-order mark', applies: (c) => (header(c, 'content-type') ?? '').includes('json') && plainBody(c), apply: (c) => ({ ...c, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), c.body]) }) },
  { name: 'multipart epilogue', applies: (c) => isMultipart(c) && plainBody(c), apply: (c) => ({ ...c, body: Buffer.concat([c.body, Buffer.from('\r\nepilogue text\r\n')]) }) },
  { name: 'multipart with LF line ends', applies: (c) => isMultipart(c) && plainBody(c), ambiguous: true, apply: (c) => ({ ...c, body: Buffer.from(c.body.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') }) },
  { name: 'a second Content-Type header', applies: (c) => !!header(c, 'content-type'), ambiguous: true, apply: (c) => ({ ...c, headers: [...c.headers, ['Content-Type', 'text/plain']] }) },
  { name: 'path parameter', applies: (c) => !c.target.includes('?'), apply: (c) => ({ ...c, target: c.target.replace(/\.php/, '.php;jsessionid=1') }) },
];

/** The base cases, then `extra` mutated ones (one to three mutations each, seeded). */
export function corpus(more: Carrier[] = [], extra = 500, seed = 20261202): Case[] {
  const base = baseCases(more);
  const rnd = random(seed);
  const out = [...base];
  while (out.length < base.length + extra) {
    let c = base[Math.floor(rnd() * base.length)]!;
    const applied: string[] = [];
    for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
      const options = mutations.filter((m) => m.applies(c) && !applied.includes(m.name));
      if (!options.length) break;
      const m = options[Math.floor(rnd() * options.length)]!;
      c = { ...m.apply(c, rnd), ambiguous: c.ambiguous || m.ambiguous };
      applied.push(m.name);
    }
    if (applied.length) out.push({ ...c, mutations: applied });
  }
  return out;
}
