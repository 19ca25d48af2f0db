import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPolicy } from '../../src/policy/load.js';
import { Scanner } from '../../src/scanner.js';

const scanner = new Scanner(loadPolicy('policies/default.yaml'));

async function scanText(text: string, type = 'text/plain') {
  const r = await scanner.scan([{ part: 'body', bytes: Buffer.from(text), declaredType: type }]);
  return { verdict: r.decision.verdict, rules: r.findings.filter((f) => f.rule.startsWith('marking.')).map((f) => f.rule), findings: r.findings };
}

/** text, expected verdict, expected rules (a table, with no-match rows). */
const table: Array<[string, 'allow' | 'hold' | 'block', string[]]> = [
  ['秘密★1年\n关于做好防汛工作的通知', 'block', ['marking.level-line']],
  ['000036\n机密★10年\n特急\n中共××省委文件', 'block', ['marking.level-line']],
  ['000036 绝密★长期\n正文', 'block', ['marking.level-line']],
  ['绝密★2030年12月31日\n正文', 'block', ['marking.level-line']],
  ['机密★会议开始前\n正文', 'block', ['marking.level-line']],
  ['机密★\n正文', 'block', ['marking.level-line']],
  ['秘 密 ★ 1 年\n正文', 'block', ['marking.level-line']],
  ['秘\u200b密★1年\n正文', 'block', ['marking.level-line']],
  ['秘密☆1年\n正文', 'block', ['marking.level-line']],
  ['秘密＊１年\n正文', 'block', ['marking.level-line']],
  ['秘密※1年\n正文', 'block', ['marking.level-line']],
  ['秘密大1年\n正文 (OCR read ★ as 大)', 'block', ['marking.level-line-ocr']],
  ['秘密1年\n正文 (OCR dropped ★)', 'block', ['marking.level-line-ocr']],
  ['第一行\n第二行\n第三行\n第四行\n第五行\n第六行\n第七行\n第八行\n第九行\n机密★10年', 'hold', ['marking.level-line-body']],
  ['会议传达了机密★文件的有关精神。', 'hold', ['marking.inline']],
  ['国家秘密的标志为“★”，如标注为“机密★10年”的文件不得上网。', 'allow', []],
  ['例如：秘密★1年', 'allow', []],
  ['本店商品评价★★★★☆', 'allow', []],
  ['保守国家秘密是公民的基本义务，保守商业秘密也很重要。', 'allow', []],
  ['加强内部控制和内部审计，这本书揭示了许多机密。', 'allow', []],
];

describe('state-secret marks', () => {
  for (const [text, verdict, rules] of table) {
    it(`${verdict}: ${JSON.stringify(text.slice(0, 30))}`, async () => {
      const r = await scanText(text);
      assert.equal(r.verdict, verdict);
      assert.deepEqual(r.rules, rules);
    });
  }

  it('maps every finding back to the original span, through folded characters', async () => {
    const text = '正文第一行\n传达了秘\u200b密☆文件精神';
    const r = await scanText(text);
    const f = r.findings[0]!;
    assert.equal(f.location.line, 2);
    assert.equal(f.evidence, '秘\u200b密☆');
    assert.equal('传达了秘\u200b密☆文件精神'.slice(f.location.start, f.location.end), '秘\u200b密☆');
  });

  it('finds the header zone of an HTML document after its markup', async () => {
    const r = await scanText('<div class="doc"><p>000036</p><p><span>秘密</span><span>★1年</span></p><h1>关于……的通知</h1></div>', 'text/html');
    assert.equal(r.verdict, 'block');
    assert.equal(r.findings[0]!.location.line, 2);
  });
});
