import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AhoCorasick } from '../../src/detect/aho-corasick.js';
import { normalise, originalSpan } from '../../src/detect/normalise.js';
import { loadPolicy } from '../../src/policy/load.js';
import { loadPortal } from '../../src/policy/portal.js';
import { Scanner } from '../../src/scanner.js';

const policy = { ...loadPolicy('policies/default.yaml'), keywords: [{ name: 'codes', description: '工程代号', severity: 'strong' as const, score: 1, words: ['蓝盾工程', '721工程'] }] };
const withPortal = new Scanner(policy, { portal: loadPortal('policies/portal-example.yaml') });
const withoutPortal = new Scanner(policy);

async function scan(text: string, scanner = withPortal, part = 'body') {
  const r = await scanner.scan([{ part, bytes: Buffer.from(text) }]);
  return { verdict: r.decision.verdict, rules: r.findings.map((f) => f.rule).sort(), findings: r.findings };
}

describe('rule families: a table each, with no-match rows', () => {
  const rows: Array<[string, string, 'allow' | 'hold' | 'block', string[]]> = [
    // superior-document, judged against the portal hierarchy
    ['province banner + number', '南屏省人民政府文件\n屏政发〔2024〕5号\n关于……的意见', 'hold', ['superior.document-number', 'superior.issuer-banner']],
    ['the same, released publicly', '南屏省人民政府文件\n屏政发〔2024〕5号\n关于……的意见\n（此件公开发布）', 'allow', ['public.release-note', 'superior.document-number', 'superior.issuer-banner']],
    ["the portal's own document", '清河县人民政府文件\n清政发〔2024〕5号\n关于……的通知', 'allow', []],
    ['a city document number', '禾政办发〔2024〕3号\n关于……的通知', 'hold', ['superior.document-number']],
    ['a central number cited in the body', '关于做好防汛工作的通知\n各乡镇人民政府：\n根据国发〔2024〕7号文件精神，现通知如下。', 'allow', []],
    ['a cut-off copy: end matter, no header', '一、提高认识。\n二、加强领导。\n此电。\n抄送：市人大常委会办公室。\n中共禾州市委办公室 2024年3月13日印发', 'hold', ['official.cut-off-header', 'telegram.body-phrase']],
    ['layout evidence holds at most, however much adds up', '000123\n特急\n南屏省人民政府文件\n屏政发〔2024〕5号\n签发人：李四\n关于……的意见', 'hold', ['official.copy-number', 'official.signer', 'official.urgency', 'superior.document-number', 'superior.issuer-banner']],
    ['a marked superior document blocks by its mark', '000123\n秘密★1年\n南屏省人民政府文件\n屏政发〔2024〕5号\n关于……的意见', 'block', ['marking.level-line', 'official.copy-number', 'superior.document-number', 'superior.issuer-banner']],
    // classification and work-secret fields, marks below the head
    ['a 密级 field', '关于……的报告\n为切实做好今年防汛工作，保障人民群众生命财产安全，现就有关事项通知如下，请各单位认真贯彻执行。\n密级：秘密\n', 'hold', ['marking.level-field']],
    ['a 密级 field at the head', '份号：000012 密级：机密★5年\n关于……的报告', 'block', ['marking.level-field']],
    ['a 密级 field quoted as an example', '表头应注明“密级：秘密”等信息。', 'allow', []],
    ['a mark line in the body holds', '关于……的通知\n各乡镇：\n一、总体要求\n二、主要任务\n三、保障措施\n四、工作要求\n五、其他\n六、附则\n机密★10年', 'hold', ['marking.level-line-body']],
    ['a work-secret line in the body holds', '关于……的通知\n各乡镇：\n一、总体要求\n二、主要任务\n三、保障措施\n四、工作要求\n五、其他\n六、附则\n内部资料 注意保存', 'hold', ['work-secret.mark-line-body']],
    ['disclosure attribute: not for release', '关于……的通知\n为切实做好今年防汛工作，保障人民群众生命财产安全，现就有关事项通知如下，请各单位认真贯彻执行。\n2024年4月1日\n公开方式：不予公开', 'hold', ['work-secret.not-for-release']],
    ['disclosure attribute: released', '关于……的通知\n正文。\n2024年4月1日\n公开方式：主动公开', 'allow', ['public.disclosure-attribute']],
    ['a 转发 notice carrying a classified document: its head is a head where it starts', '清河县人民政府办公室关于转发《关于……的通知》的通知\n各乡镇人民政府：\n现将禾州市人民政府办公室《关于……的通知》转发给你们，请认真贯彻执行。\n清河县人民政府办公室\n2024年5月8日\n000205\n秘密★1年\n禾州市人民政府办公室文件\n禾政办发〔2024〕12号\n关于……的通知', 'block', ['marking.level-line', 'superior.document-number', 'superior.issuer-banner']],
    ['the same notice forwarding a public document: no head further down', '清河县人民政府办公室关于转发《关于……的通知》的通知\n各乡镇人民政府：\n现将禾州市人民政府办公室《关于……的通知》转发给你们，请认真贯彻执行。\n清河县人民政府办公室\n2024年5月8日\n禾州市人民政府办公室文件\n禾政办发〔2024〕12号\n关于……的通知', 'allow', []],
    // work secrets, restricted notes, telegrams
    ['traditional 內部', '內部\n關於調整工作分工的通知', 'block', ['work-secret.mark-line']],
    ['内部 as an ordinary word', '加强单位内部管理', 'allow', []],
    ['not-for-release note at the end', '关于……的通知\n正文。\n2024年4月1日\n（此件不宜公开）', 'block', ['restricted.not-public-note']],
    ['the note in prose', '标注（此件不予公开）的文件不得上网发布，请各单位注意。', 'allow', []],
    ['cipher banner', '密码电报\n关于……的通知', 'block', ['telegram.cipher-banner']],
    ['密码电报 in prose', '收到密码电报后应及时登记。', 'allow', []],
    ['a 明电 as OCR reads a photograph: banner, number with misread brackets, 等级 without its colon', '南屏省人民政府办公厅明电\n屏政办明电(2024 5号\n等级 特急\n关于……的紧急通知', 'hold', ['telegram.header-field', 'telegram.plain-banner', 'telegram.plain-number']],
    ['the same 明电, released', '南屏省人民政府办公厅明电\n屏政办明电〔2024〕5号\n等级：特急\n关于……的紧急通知\n（此件公开发布）', 'allow', ['public.release-note', 'telegram.header-field', 'telegram.plain-banner', 'telegram.plain-number']],
    ['a 明电 with its grade at the right of the number, the banner on two lines', '南屏省人民政府办公厅\n明　　电\n屏政办明电〔2024〕17号　　　　等级：特急\n关于……的紧急通知', 'hold', ['telegram.header-field', 'telegram.plain-banner', 'telegram.plain-number']],
    ['public 明电 number alone', '国务院办公厅关于2020年春节假期延长的通知\n国办发明电〔2020〕1号\n经国务院批准……', 'allow', ['telegram.plain-number']],
    // keywords (strong list → hold by scoring.strong.keyword)
    ['keyword, traditional form', '關於藍盾工程的彙報', 'hold', ['keyword.codes']],
    ['keyword absent', '关于蓝天工程的汇报', 'allow', []],
    // repost sources
    ['unauthorised website', '来源：某某论坛\n正文', 'hold', ['source.unauthorized']],
    ["a superior organ's own website", '来源：南屏省人民政府网站\n正文', 'allow', []],
    ["a website that only borrows a superior's name", '来源：南屏省人民政府信息爆料网\n正文', 'hold', ['source.unauthorized']],
    ['authorised website by domain', '来源：http://www.gov.cn/xinwen/2024-05/01/content.htm\n正文', 'allow', []],
    ['a government unit is not a website', '来源：县教育局\n正文', 'allow', []],
  ];
  for (const [name, text, verdict, rules] of rows) {
    it(`${verdict}: ${name}`, async () => {
      const r = await scan(text);
      assert.equal(r.verdict, verdict, JSON.stringify(r.findings.map((f) => [f.rule, f.score, f.evidence])));
      assert.deepEqual(r.rules, rules);
    });
  }

  it('without a portal identity only the centre is superior', async () => {
    assert.equal((await scan('南屏省人民政府文件\n屏政发〔2024〕5号', withoutPortal)).verdict, 'allow');
    assert.equal((await scan('国务院文件\n国发〔2024〕3号', withoutPortal)).verdict, 'hold');
  });

  it('a CMS source field is a source as a whole', async () => {
    assert.equal((await scan('某某论坛', withPortal, 'json:$.meta.source')).verdict, 'hold');
    assert.equal((await scan('新华网', withPortal, 'json:$.meta.source')).verdict, 'allow');
    assert.equal((await scan('某某论坛', withPortal, 'json:$.content')).verdict, 'allow');
  });
});

describe('Aho-Corasick', () => {
  it('finds exactly what a naive search finds, on seeded random text', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = '甲乙丙丁戊';
    const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const keywords = [...new Set(Array.from({ length: 40 }, () => word(1 + Math.floor(rand() * 4))))];
    const ac = new AhoCorasick(keywords);
    for (let round = 0; round < 50; round++) {
      const text = word(200);
      const got: string[] = [];
      ac.scan(text, (k, end) => got.push(`${k}@${end}`));
      const want: string[] = [];
      keywords.forEach((k, i) => {
        for (let at = text.indexOf(k); at >= 0; at = text.indexOf(k, at + 1)) want.push(`${i}@${at + k.length}`);
      });
      assert.deepEqual(got.sort(), want.sort());
    }
  });
});

describe('normalisation of traditional characters', () => {
  it('folds 機密 祕密 絕密 內部 and keeps offsets', () => {
    const original = '傳達了機密★文件';
    const n = normalise(original);
    assert.equal(n.text, '传达了机密★文件');
    const at = n.text.indexOf('机密★');
    const span = originalSpan(n, at, at + 3);
    assert.equal(original.slice(span.start, span.end), '機密★');
    assert.equal(normalise('祕密★1年').text, '秘密★1年');
    assert.equal(normalise('絕密').text, '绝密');
  });
});

describe('layout on positioned pages', () => {
  it('the header zone is the top band of page 1: a mark there blocks, the same mark low on the page holds', async () => {
    const { Detector } = await import('../../src/detect/detector.js');
    const { createRuleFamilies } = await import('../../src/detect/families/index.js');
    const { decide } = await import('../../src/detect/decide.js');
    const detector = new Detector(createRuleFamilies(policy), { evidenceChars: 40 });
    const page = (y: number, pageNumber = 1) => ({
      part: 'file', file: 'scan.pdf', mediaType: 'application/pdf', children: [], problems: [],
      pages: [{ number: pageNumber, width: 595, height: 842, lines: [
        { text: '关于做好防汛工作的通知', origin: 'visible' as const, zone: 'body' as const, box: { x: 150, y: 200, w: 300, h: 20 } },
        { text: '机密★10年', origin: 'visible' as const, zone: 'body' as const, box: { x: 72, y, w: 90, h: 16 } },
      ] }],
    });
    const top = detector.detect(page(60));
    assert.equal(decide(top, policy).verdict, 'block');
    assert.deepEqual(top[0]!.location.box, { x: 72, y: 60, w: 90, h: 16 });
    assert.equal(decide(detector.detect(page(700)), policy).verdict, 'hold');
    assert.equal(decide(detector.detect(page(60, 2)), policy).verdict, 'hold', 'only page 1 has a header zone');
    // A picture much wider than tall is a 版头 cut from a page: the mark blocks wherever it sits in it.
    const band = { ...page(200), pages: [{ ...page(200).pages[0]!, height: 300 }] };
    assert.equal(decide(detector.detect(band), policy).verdict, 'block');
  });
});

describe('explanations', () => {
  it("a hold's first finding is the evidence that caused it, never the release note that softened it; categories are the real ones", async () => {
    const text = '000123\n特急\n南屏省人民政府文件\n屏政发〔2024〕5号\n签发人：李四\n关于……的意见\n各市人民政府：\n现将有关事项通知如下。\n2024年5月1日\n（此件公开发布）';
    const r = await withPortal.scan([{ part: 'body', bytes: Buffer.from(text) }]);
    assert.equal(r.decision.verdict, 'hold', 'layout evidence 3.3 × 0.4 still holds');
    assert.equal(r.findings[0]!.rule, 'superior.issuer-banner');
    assert.equal(r.decision.reasons[0]!.rule, 'superior.issuer-banner');
    assert.ok(!r.decision.reasons.some((f) => f.category === 'public-release'));
    const byRule = new Map(r.findings.map((f) => [f.rule, f.category]));
    assert.equal(byRule.get('public.release-note'), 'public-release');
    assert.equal(byRule.get('official.copy-number'), 'official-layout');
  });
});
