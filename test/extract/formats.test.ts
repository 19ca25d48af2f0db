import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { loadPolicy } from '../../src/policy/load.js';
import { Scanner } from '../../src/scanner.js';
import { makeDoc, makeDocx, makeOfd, makePdf, makePng, makeZip } from '../fixtures/make.js';

const policy = loadPolicy('policies/default.yaml');
// OCR off here: these tests are about the formats; test/extract/ocr.test.ts reads images.
const scanner = new Scanner(policy, { ocr: false });

async function scanFile(bytes: Buffer, file: string, s = scanner) {
  const r = await s.scan([{ part: 'file:upload', file, bytes }]);
  return { verdict: r.decision.verdict, rules: r.findings.map((f) => f.rule), findings: r.findings, documents: r.documents };
}

const header = [
  { text: '000036', x: 72, y: 50 },
  { text: '秘密★1年', x: 72, y: 74 },
  { text: '南屏省人民政府文件', x: 160, y: 130, size: 24 },
  { text: '关于做好防汛工作的通知', x: 150, y: 220 },
  { text: '各市、县人民政府：', x: 72, y: 260 },
];

describe('PDF', () => {
  it('reads the text layer with positions: a mark in the top band of page 1 blocks, with page, line and box', async () => {
    const r = await scanFile(await makePdf([header]), 'notice.pdf');
    assert.equal(r.verdict, 'block');
    const f = r.findings.find((x) => x.rule === 'marking.level-line')!;
    assert.equal(f.evidence, '秘密★1年');
    assert.equal(f.location.file, 'notice.pdf');
    assert.equal(f.location.page, 1);
    assert.equal(f.location.line, 2);
    assert.ok(f.location.box && f.location.box.y > 60 && f.location.box.y < 80, JSON.stringify(f.location.box));
    assert.equal(r.documents[0]!.mediaType, 'application/pdf');
  });

  it('the same mark low on page 2 is medium evidence (hold), not a header mark', async () => {
    const r = await scanFile(await makePdf([[{ text: '关于做好防汛工作的通知', x: 150, y: 100 }], [{ text: '正文第二页', x: 72, y: 100 }, { text: '机密★10年', x: 72, y: 700 }]]), 'a.pdf');
    assert.equal(r.verdict, 'hold');
    assert.deepEqual(r.rules, ['marking.level-line-body']);
  });

  it('a clean PDF passes; its metadata is read too', async () => {
    assert.equal((await scanFile(await makePdf([[{ text: '关于开展全民健身活动的通知', x: 100, y: 100 }]]), 'ok.pdf')).verdict, 'allow');
    const titled = await scanFile(await makePdf([[{ text: '工作简报', x: 100, y: 100 }]], { title: '机密★10年' }), 'meta.pdf');
    assert.equal(titled.verdict, 'hold');
  });

  it('holds encrypted, broken, scanned and over-long PDFs with the reason', async () => {
    assert.deepEqual((await scanFile(await makePdf([header], { userPassword: 'secret' }), 'e.pdf')).rules, ['unscannable.encrypted']);
    assert.deepEqual((await scanFile(Buffer.from('%PDF-1.7\n1 0 obj garbage'), 'b.pdf')).rules, ['unscannable.malformed']);
    const scanned = await scanFile(await makePdf([[]], { images: [makePng(120, 170)] }), 's.pdf');
    assert.equal(scanned.verdict, 'hold');
    assert.match(scanned.findings[0]!.evidence, /scanned image/);
    const short = new Scanner({ ...policy, limits: { ...policy.limits, pdfPages: 2 } }, { ocr: false });
    const long = await scanFile(await makePdf([[], [], []].map(() => [{ text: '页', x: 72, y: 72 }])), 'l.pdf', short);
    assert.deepEqual(long.rules, ['unscannable.too-large']);
  });

  it('sniffs a PDF sent as text/plain with a .txt name', async () => {
    const r = await scanner.scan([{ part: 'file', file: 'innocent.txt', declaredType: 'text/plain', bytes: await makePdf([header]) }]);
    assert.equal(r.decision.verdict, 'block');
  });
});

describe('Office files', () => {
  const clean = ['关于开展全民健身活动的通知', '各乡镇人民政府：', '为丰富群众文化生活，定于十月举办全民健身月活动。'];
  it('DOCX: marks in the page header, the body, a text box; clean passes', async () => {
    assert.equal((await scanFile(makeDocx({ body: clean }), 'ok.docx')).verdict, 'allow');
    const inHeader = await scanFile(makeDocx({ header: ['秘密★1年'], body: clean }), 'h.docx');
    assert.equal(inHeader.verdict, 'block');
    assert.equal(inHeader.findings[0]!.location.file, 'h.docx');
    assert.equal((await scanFile(makeDocx({ body: ['内部资料 注意保存', ...clean] }), 'b.docx')).verdict, 'block');
    assert.equal((await scanFile(makeDocx({ textBox: ['机密★10年'], body: clean }), 't.docx')).verdict, 'block');
  });

  it('DOCX: deleted tracked changes, comments and properties are read', async () => {
    assert.equal((await scanFile(makeDocx({ body: clean, deleted: ['机密★10年'] }), 'd.docx')).verdict, 'hold');
    assert.equal((await scanFile(makeDocx({ body: clean, comments: ['参照省委机密★文件修改'] }), 'c.docx')).verdict, 'hold');
    assert.equal((await scanFile(makeDocx({ body: clean, title: '绝密★长期' }), 'm.docx')).verdict, 'hold');
  });

  it('DOCX: an embedded image with OCR disabled holds the file (fail closed)', async () => {
    const r = await scanFile(makeDocx({ body: clean, media: { 'image1.png': makePng(10, 10) } }), 'i.docx');
    assert.equal(r.verdict, 'hold');
    assert.equal(r.findings[0]!.location.file, 'i.docx/word/media/image1.png');
  });

  it('XLSX and PPTX text', async () => {
    const xlsx = makeZip({
      'xl/workbook.xml': '<workbook/>',
      'xl/sharedStrings.xml': '<sst><si><t>内部</t></si><si><t>2024年经费预算</t></si></sst>',
      'xl/worksheets/sheet1.xml': '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>',
    });
    assert.equal((await scanFile(xlsx, 'budget.xlsx')).verdict, 'block');
    const pptx = makeZip({
      'ppt/presentation.xml': '<p:presentation xmlns:p="p"/>',
      'ppt/slides/slide1.xml': '<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>秘密★1年</a:t></a:r></a:p><a:p><a:r><a:t>工作汇报</a:t></a:r></a:p></p:sld>',
    });
    assert.equal((await scanFile(pptx, 'report.pptx')).verdict, 'block');
  });
});

describe('XML', () => {
  it('reads CDATA sections (an RSS item body) as text, not as a broken file', async () => {
    const rss = '<?xml version="1.0"?><rss><channel><item><title>通知</title><description><![CDATA[秘密★1年]]></description></item></channel></rss>';
    const r = await scanner.scan([{ part: 'body', bytes: Buffer.from(rss), declaredType: 'application/rss+xml' }]);
    assert.ok(r.findings.length > 0 && r.findings.every((f) => f.rule.startsWith('marking.')), r.findings.map((f) => f.rule).join());
  });
});

describe('archives', () => {
  it('reads nested archives: a marked DOCX in a zip in a tar.gz, named by its path', async () => {
    const inner = makeZip({ '通知/附件1.docx': makeDocx({ body: ['机密★5年', '关于……的通知'] }) });
    const tar = tarOf({ 'docs/bundle.zip': inner, 'readme.txt': Buffer.from('说明') });
    const r = await scanFile(gzipSync(tar), 'upload.tar.gz');
    assert.equal(r.verdict, 'block');
    assert.equal(r.findings[0]!.location.file, 'upload.tar.gz/upload.tar/docs/bundle.zip/通知/附件1.docx');
  });

  it('holds a zip bomb without unpacking it, and too many entries, and nesting past the limit', async () => {
    const bomb = makeZip({ 'zeros.txt': new Uint8Array(50 * 1024 * 1024) }, 9);
    assert.ok(bomb.length < 200_000);
    const r = await scanFile(bomb, 'bomb.zip');
    assert.deepEqual(r.rules, ['unscannable.too-large']);
    assert.match(r.findings[0]!.evidence, /expands/);
    const small = new Scanner({ ...policy, limits: { ...policy.limits, archiveEntries: 10, extractDepth: 2 } }, { ocr: false });
    const many = makeZip(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}.txt`, '正文'])));
    assert.deepEqual((await scanFile(many, 'many.zip', small)).rules, ['unscannable.too-large']);
    let nested: Buffer = Buffer.from('正文');
    for (let i = 0; i < 4; i++) nested = makeZip({ [`level${i}.zip`]: nested });
    const deep = await scanFile(nested, 'deep.zip', small);
    assert.ok(deep.rules.includes('unscannable.too-deep'), deep.rules.join());
  });

  it('holds a corrupt archive', async () => {
    const zip = makeZip({ 'a.txt': '正文'.repeat(100) });
    const r = await scanFile(zip.subarray(0, zip.length - 30), 'cut.zip');
    assert.equal(r.verdict, 'hold');
  });
});

/** A minimal ustar archive. */
function tarOf(files: Record<string, Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, data] of Object.entries(files)) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

describe('OFD', () => {
  it('reads text objects with positions (the fixture: 秘密★1年 at x=25, baseline 25.6 mm)', async () => {
    const ofd = makeOfd([
      { text: '秘密★1年', x: 25, y: 25.6, deltaX: 'g 3 5.6 2.8' },
      { text: '正文', x: 25, y: 45.6, deltaX: '5.6' },
    ]);
    const r = await scanFile(ofd, 'notice.ofd');
    assert.equal(r.documents[0]!.mediaType, 'application/ofd');
    assert.equal(r.verdict, 'block');
    const f = r.findings.find((x) => x.rule === 'marking.level-line')!;
    assert.equal(f.evidence, '秘密★1年');
    // Glyphs start at x = 25, 30.6, 36.2, 41.8, 44.6 (the fixture's DeltaX): the line ends at 44.6 + 5.6.
    const box = f.location.box!;
    assert.deepEqual([box.x, box.y, box.w, box.h].map((v) => Math.round(v * 100) / 100), [25, 20, 25.2, 5.6]);
  });

  it('passes a clean OFD; holds an encrypted one and one whose page image cannot be read', async () => {
    assert.equal((await scanFile(makeOfd([{ text: '关于开展全民健身活动的通知', x: 30, y: 60 }]), 'ok.ofd')).verdict, 'allow');
    assert.deepEqual((await scanFile(makeOfd([{ text: '正文', x: 25, y: 45 }], { encrypted: true }), 'e.ofd')).rules, ['unscannable.encrypted']);
    const scanned = await scanFile(makeOfd([], { image: makePng(20, 28) }), 'scan.ofd');
    assert.equal(scanned.verdict, 'hold', 'OCR is off in this file: the page image is held, not passed');
    assert.equal(scanned.findings[0]!.location.file, 'scan.ofd/Doc_0/Res/image_80.png');
  });
});

describe('OLE compound files', () => {
  async function cfbWith(streams: string[]): Promise<Buffer> {
    const CFB = (await import('cfb')).default;
    const container = CFB.utils.cfb_new();
    for (const name of streams) CFB.utils.cfb_add(container, `/${name}`, Buffer.from('x'.repeat(600)));
    return Buffer.from(CFB.write(container, { type: 'buffer' }) as Uint8Array);
  }

  it('reads legacy Word and WPS binaries: the mark in a .doc blocks, a clean one passes, whatever the file is called', async () => {
    const marked = makeDoc(['000036', '秘密★1年', '关于做好防汛工作的通知', '各乡镇人民政府：为切实做好今年防汛工作，现通知如下。']);
    for (const name of ['notice.doc', 'notice.wps', 'notice.txt']) {
      const r = await scanFile(marked, name);
      assert.ok(r.rules.includes('marking.level-line'), `${name}: ${r.rules.join()}`);
      assert.equal(r.verdict, 'block');
    }
    const clean = await scanFile(makeDoc(['关于开展全民健身月活动的通知', '各乡镇人民政府：定于十月举办全民健身月活动。']), 'sports.doc');
    assert.equal(clean.verdict, 'allow', clean.rules.join());
  });

  it('holds password-protected Office files as encrypted, and legacy binaries it cannot read with what they are', async () => {
    assert.deepEqual((await scanFile(await cfbWith(['EncryptionInfo', 'EncryptedPackage']), 'secret.docx')).rules, ['unscannable.encrypted']);
    assert.deepEqual((await scanFile(makeDoc(['秘密★1年'], { encrypted: true }), 'locked.doc')).rules, ['unscannable.encrypted']);
    const word95 = await scanFile(await cfbWith(['WordDocument']), 'old.doc');
    assert.deepEqual(word95.rules, ['unscannable.malformed'], 'a WordDocument stream without a Word 97 FIB');
    assert.match((await scanFile(await cfbWith(['Workbook']), 'old.xls')).findings[0]!.evidence, /legacy Excel/);
  });
});
