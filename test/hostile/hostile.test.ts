import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRig, type TestRig } from '../helpers/gateway.js';
import { send } from '../helpers/http.js';
import type { HostileCase } from './case.js';
import { hostileCorpus } from './corpus.js';

/**
 * The hostile-document corpus through the gateway, as an editor sends it:
 * HTML bodies as posts (REST), files as media uploads (REST). Every marked
 * case is refused (blocked or held) for a marking, not merely for being
 * unreadable; every clean twin reaches WordPress.
 */

interface Outcome {
  refused: boolean;
  rules: string[];
  forwarded: boolean;
}

async function publish(rig: TestRig, c: HostileCase): Promise<Outcome> {
  const before = rig.upstream.received.length;
  const res = c.declaredType?.startsWith('text/html')
    ? await send(rig.gw.publicUrl, 'POST', '/wp-json/wp/v2/posts', { 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify({ title: '通知', content: c.bytes.toString('utf8'), status: 'publish' })))
    : await send(rig.gw.publicUrl, 'POST', '/wp-json/wp/v2/media', { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${c.file}"` }, c.bytes);
  const findings: Array<{ rule: string; location: { decoding?: string } }> = res.json.data?.findings ?? [];
  // A mark counts when reading the document found it, not only the scan of its raw bytes for plain text runs.
  const read = findings.filter((f) => f.location.decoding !== 'raw bytes');
  return { refused: res.json.code === 'baomi_blocked' || res.json.code === 'baomi_held', rules: read.map((f) => f.rule), forwarded: rig.upstream.received.length > before };
}

describe('hostile-document corpus: what a reader sees is what is scanned', () => {
  let rig: TestRig;
  let corpus: HostileCase[];
  before(async () => {
    [rig, corpus] = await Promise.all([startRig({ warmOcr: true }), hostileCorpus()]);
  });
  after(() => rig.close());

  it('has at least 100 files, every class, a clean twin for every marked case', () => {
    assert.ok(corpus.length >= 100, `${corpus.length} files`);
    assert.deepEqual([...new Set(corpus.map((c) => c.class))].sort(), ['html', 'metadata', 'office', 'pdf', 'wordpress']);
    assert.equal(new Set(corpus.map((c) => c.id)).size, corpus.length, 'ids are unique');
    for (const c of corpus.filter((x) => x.marked)) assert.ok(corpus.some((x) => x.id === `${c.id}-clean` && !x.marked), `${c.id} has a clean twin`);
  });

  it('is built the same every time (no dates, no randomness)', async () => {
    const again = await hostileCorpus();
    assert.deepEqual(
      again.filter((c, i) => !c.bytes.equals(corpus[i]!.bytes)).map((c) => c.id),
      [],
    );
  });

  it('refuses every marked file for its mark and lets every clean twin through', async () => {
    const wrong: string[] = [];
    for (const c of corpus) {
      const r = await publish(rig, c);
      if (c.marked && !(r.refused && !r.forwarded && r.rules.some((rule) => rule.startsWith('marking.')))) wrong.push(`${c.id}: not refused for a mark (${r.rules.join(', ') || 'no findings'})`);
      if (!c.marked && !(r.forwarded && !r.refused)) wrong.push(`${c.id}: clean twin not let through (${r.rules.join(', ')})`);
    }
    assert.deepEqual(wrong, [], `${wrong.length} of ${corpus.length} read wrongly:\n${wrong.join('\n')}`);
  });

  it('reads post_content sent over XML-RPC as <base64> (WordPress decodes it into the post)', async () => {
    const call = (html: string) =>
      `<?xml version="1.0"?><methodCall><methodName>wp.newPost</methodName><params><param><value><string>1</string></value></param><param><value><string>editor</string></value></param><param><value><string>pw</string></value></param><param><value><struct><member><name>post_title</name><value><string>通知</string></value></member><member><name>post_content</name><value><base64>${Buffer.from(html).toString('base64')}</base64></value></member></struct></value></param></params></methodCall>`;
    const sent = rig.upstream.received.length;
    const marked = await send(rig.gw.publicUrl, 'POST', '/xmlrpc.php', { 'Content-Type': 'text/xml' }, call('<p>秘<span hidden>样</span>密★1年</p><p>关于做好防汛工作的通知</p>'));
    assert.match(marked.text, /<fault>/);
    assert.equal(rig.upstream.received.length, sent);
    const clean = await send(rig.gw.publicUrl, 'POST', '/xmlrpc.php', { 'Content-Type': 'text/xml' }, call('<p>第一季度</p><p>关于做好防汛工作的通知</p>'));
    assert.doesNotMatch(clean.text, /<fault>/);
    assert.equal(rig.upstream.received.length, sent + 1);
  });
});
