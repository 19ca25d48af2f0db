import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPolicy } from '../../src/policy/load.js';
import { Scanner } from '../../src/scanner.js';

const scanner = new Scanner(loadPolicy('policies/default.yaml'), { ocr: false });
const scan = async (bytes: Buffer, declaredType?: string) => {
  const r = await scanner.scan([{ part: 'file', file: 'post.json', bytes, declaredType }]);
  return { verdict: r.decision.verdict, rules: r.findings.map((f) => f.rule), files: r.findings.map((f) => f.location.file) };
};

describe('JSON files: every string value is content of its own', () => {
  it("a REST post saved to a file: the content's HTML is a page whose head is its first lines", async () => {
    const post = { title: '关于做好防汛工作的通知', content: '<p>秘密★1年</p><p>各乡镇人民政府：</p><p>现将有关事项通知如下。</p>', status: 'publish', categories: [9] };
    const r = await scan(Buffer.from(JSON.stringify(post, null, 2)));
    assert.equal(r.verdict, 'block', JSON.stringify(r.rules));
    assert.equal(r.rules[0], 'marking.level-line');
    assert.equal(r.files[0], 'post.json#json:$.content');
  });

  it('escaped text is read unescaped, and a clean post passes', async () => {
    assert.equal((await scan(Buffer.from('{"content":"\\u79d8\\u5bc6\\u2605\\u0031\\u5e74\\n\\u5173\\u4e8e"}'))).verdict, 'block');
    assert.equal((await scan(Buffer.from(JSON.stringify({ title: '全民健身月活动', content: '<p>定于十月举办全民健身月活动。</p>' })))).verdict, 'allow');
  });

  it('text that only looks like JSON is read as text; a body declared JSON that is not holds as malformed', async () => {
    assert.equal((await scan(Buffer.from('{秘密★1年}'))).verdict, 'hold', 'a mark inside running text');
    const declared = await scan(Buffer.from('{"content": "unterminated'), 'application/json');
    assert.equal(declared.verdict, 'hold');
    assert.ok(declared.rules.includes('unscannable.malformed'));
  });
});
