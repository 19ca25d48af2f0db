import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { startRig, type TestRig } from '../helpers/gateway.js';
import { parseReport, phpSkip, phpStrings, sendRaw, startPhp, type PhpReport, type PhpServer } from '../helpers/php.js';
import { corpus, mark, serialise, type Case } from './corpus.js';
import { hostileCarriers } from './hostile-carriers.js';

/**
 * The differential test that closes the class "the gateway reads a request
 * differently from the CMS": every request of a generated corpus is sent to
 * PHP directly (Debian's php-cli built-in server, reporting what PHP parsed:
 * $_GET, $_POST, $_FILES with their bytes, the raw body, json_decode, parse_str
 * for REST's non-POST bodies, and WordPress's own XML-RPC reader) and through
 * the gateway in front of the same PHP. Whenever PHP sees the mark, the
 * gateway must have refused or held the request.
 *
 * One exemption, by policy: a canonical login request (`POST /wp-login.php`
 * spelled exactly so, no routing variable or override anywhere) passes
 * uninspected; the test checks that nothing else ever passes that way.
 */

const markBytes = [Buffer.from(mark, 'utf8'), iconv.encode(mark, 'gbk')];

/** True when any string PHP parsed (or the raw body a REST upload stores) holds the mark, in UTF-8 or GBK. */
function phpSeesMark(r: PhpReport): boolean {
  const values = [r.get, r.post, r.files, r.json, r.bodyParams, r.xmlrpc];
  for (const v of values) for (const s of phpStrings(v)) if (markBytes.some((m) => s.includes(m))) return true;
  return markBytes.some((m) => r.input.includes(m));
}

function isReport(body: Buffer): PhpReport | undefined {
  try {
    const r = parseReport(body);
    return typeof r.script === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

describe('differential: what PHP sees, the gateway has inspected', { skip: phpSkip }, () => {
  let php: PhpServer;
  let rig: TestRig;
  let cases: Case[] = [];

  before(async () => {
    cases = corpus(await hostileCarriers());
    php = await startPhp();
    rig = await startRig({ upstreamUrl: php.url });
  });
  after(async () => {
    await rig?.close();
    await php?.close();
  });

  it('corpus: at least 500 marked requests', () => {
    assert.ok(cases.filter((c) => c.payload.marked).length >= 500, `${cases.filter((c) => c.payload.marked).length} marked requests`);
  });

  it('every request in which PHP sees the mark is refused or held by the gateway', async () => {
    const leaks: string[] = [];
    const overBlocked: string[] = [];
    let seen = 0;
    let exempt = 0;
    const gatewayPort = Number(new URL(rig.gw.publicUrl).port);
    for (const c of cases) {
      const raw = serialise(c);
      const direct = isReport((await sendRaw(php.port, raw)).body);
      const via = await sendRaw(gatewayPort, raw);
      const forwarded = isReport(via.body);
      const label = `${c.carrier}${c.mutations ? ` + ${c.mutations.join(' + ')}` : ''} | ${c.method} ${c.target} | ${JSON.stringify(c.payload.text.slice(0, 20))}`;
      // A read by PHP's and WordPress's account (GET, no override, no body) is not the gateway's to inspect.
      const writes = direct && (!['GET', 'HEAD', 'OPTIONS'].includes(direct.method) || !['GET', 'HEAD', 'OPTIONS'].includes(direct.wpMethod) || direct.input.length > 0);
      if (direct && writes && phpSeesMark(direct)) {
        seen++;
        if (forwarded) {
          const [path, query = ''] = c.target.split('?');
          const canonicalLogin = c.method === 'POST' && path === '/wp-login.php' && !/rest|method|#/i.test(query) && !c.headers.some(([k]) => /override/i.test(k));
          if (canonicalLogin && forwarded.script === '/wp-login.php') exempt++;
          else leaks.push(`${label} → PHP ran ${forwarded.script} and saw the mark`);
        }
      }
      // The same bytes reach PHP: what it parses through the gateway is what it parses directly.
      if (forwarded && direct) assert.equal(phpSeesMark(forwarded), phpSeesMark(direct), `${label}: PHP read the forwarded request otherwise`);
      // Clean twins of ordinary requests pass: protection stays transparent.
      if (!c.payload.marked && !c.ambiguous && direct && !forwarded) overBlocked.push(`${label} → ${via.status} ${via.body.toString('utf8').slice(0, 160)}`);
    }
    assert.deepEqual(leaks, [], `${leaks.length} of ${seen} requests where PHP saw the mark were forwarded`);
    assert.deepEqual(overBlocked, [], `${overBlocked.length} clean requests were refused`);
    assert.ok(seen >= 500, `PHP saw the mark in only ${seen} requests: the corpus lost its teeth`);
    assert.ok(exempt <= 10, 'only the canonical login spelling is exempt');
    process.stdout.write(`# differential: ${cases.length} requests, PHP saw the mark in ${seen}, every one refused or held; ${exempt} canonical logins passed by policy\n`);
  });
});

