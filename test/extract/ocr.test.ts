import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { loadPolicy } from '../../src/policy/load.js';
import { loadPortal } from '../../src/policy/portal.js';
import { Scanner } from '../../src/scanner.js';
import { makeDocx, makePdf } from '../fixtures/make.js';
import { cleanPage, markedHeader, photoConditions, photograph, renderPage, type PageLine } from '../fixtures/pages.js';

const policy = loadPolicy('policies/default.yaml');
const scanner = new Scanner(policy);
after(() => scanner.close());

async function verdictOf(bytes: Buffer, file: string, by = scanner) {
  const r = await by.scan([{ part: 'file', file, bytes }]);
  return { verdict: r.decision.verdict, findings: r.findings };
}

const marks: Array<[string, PageLine[]]> = [
  ['秘密★1年 with a red banner', markedHeader],
  ['机密★10年', [{ text: '机密★10年', x: 100, y: 150 }, ...markedHeader.slice(4)]],
  ['内部', [{ text: '内部', x: 100, y: 150 }, ...markedHeader.slice(2)]],
  ['绝密★长期', [{ text: '000012', x: 100, y: 100 }, { text: '绝密★长期', x: 100, y: 160 }, ...markedHeader.slice(4)]],
];

// Both engines must meet the floors; the default (PP-OCR) is also used for the rest.
for (const engine of ['paddle', 'tesseract'] as const) {
  describe(`marks through OCR engine ${engine}`, () => {
    const byEngine = engine === policy.ocr.engine ? scanner : new Scanner({ ...policy, ocr: { ...policy.ocr, engine } });
    after(() => (byEngine === scanner ? undefined : byEngine.close()));
    for (const [name, lines] of marks) {
      it(`finds ${name} on a clean page image`, async () => {
        const r = await verdictOf(await renderPage(lines), 'page.png', byEngine);
        assert.equal(r.verdict, 'block', JSON.stringify(r.findings.map((f) => [f.rule, f.evidence])));
      });
    }

    it('finds the mark on at least 95% of photographed pages', async () => {
      let found = 0;
      const misses: string[] = [];
      for (const [mark, lines] of marks.slice(0, 2)) {
        const page = await renderPage(lines);
        for (const [name, photo] of photoConditions) {
          const r = await verdictOf(await photograph(page, photo), photo.jpegQuality ? 'photo.jpg' : 'photo.png', byEngine);
          if (r.verdict === 'block') found++;
          else misses.push(`${mark} / ${name}: ${r.verdict} ${JSON.stringify(r.findings.map((f) => f.evidence))}`);
        }
      }
      const total = 2 * photoConditions.length;
      console.log(`${engine}: photographed pages: marks found on ${found}/${total}${misses.length ? `; missed: ${misses.join('; ')}` : ''}`);
      assert.ok(found / total >= 0.95, misses.join('\n'));
    });

    it('passes a clean page image', async () => {
      assert.equal((await verdictOf(await renderPage(cleanPage), 'clean.png', byEngine)).verdict, 'allow');
    });
  });
}

describe('images through offline OCR', () => {
  it('finds the red header and seal of a photographed official document whose marks were cut off', async () => {
    const page = await renderPage(markedHeader.slice(2), { redRuleAndSeal: true });
    const photo = await photograph(page, { rotate: 1, jpegQuality: 75 });
    const r = await verdictOf(photo, 'photo.jpg');
    const rules = r.findings.map((f) => f.rule);
    assert.ok(rules.includes('official.red-header') && rules.includes('official.red-seal'), rules.join());
    assert.equal(r.verdict, 'allow', 'red layout alone (0.8) is not enough: the portal may photograph its own documents');
    // With the portal identity, the banner OCR reads is a superior organ's: together they hold.
    const withPortal = new Scanner(policy, { portal: loadPortal('policies/portal-example.yaml'), ocr: scanner.ocr });
    assert.equal((await withPortal.scan([{ part: 'file', file: 'photo.jpg', bytes: photo }])).decision.verdict, 'hold');
  });

  it('reads every page of a multi-page TIFF: a mark on page 2 is found there', async () => {
    const tiff = await sharp([await renderPage(cleanPage), await renderPage(markedHeader)], { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
    const r = await verdictOf(tiff, 'scan.tiff');
    const mark = r.findings.find((f) => f.category === 'classified-marking');
    assert.equal(mark?.location.page, 2, JSON.stringify(r.findings.map((f) => [f.rule, f.location.page])));
    // Page 2 opens a document of its own (份号, mark, banner): a head wherever it starts.
    assert.equal(r.verdict, 'block');
    assert.ok(r.findings[0]?.rule.startsWith('marking.level-line'), 'the mark is the first reason');
  });

  it('reads a scanned PDF page (no text layer) and an image inside a DOCX', async () => {
    const page = await renderPage(markedHeader);
    assert.equal((await verdictOf(await makePdf([[]], { images: [page] }), 'scan.pdf')).verdict, 'block');
    const docx = makeDocx({ body: ['附件：会议材料扫描件'], media: { 'image1.png': page } });
    const r = await verdictOf(docx, 'materials.docx');
    assert.equal(r.verdict, 'block');
    assert.equal(r.findings.find((f) => f.severity === 'strong')!.location.file, 'materials.docx/word/media/image1.png');
  });

  it('holds a pixel bomb without decoding it, and a corrupt image', async () => {
    const bomb = await sharp({ create: { width: 12000, height: 12000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();
    const started = Date.now();
    const r = await scanner.scan([{ part: 'file', file: 'bomb.png', bytes: bomb }]);
    assert.deepEqual(r.findings.map((f) => f.rule), ['unscannable.too-large']);
    // Refused from the header: decoding 144 M pixels would take seconds and gigabytes.
    assert.ok(Date.now() - started < 5000);
    const png = await renderPage(cleanPage);
    const corrupt = Buffer.concat([png.subarray(0, 100), Buffer.alloc(200, 7)]);
    assert.equal((await verdictOf(corrupt, 'broken.png')).verdict, 'hold');
  });

  it('caches OCR by image hash: the same upload is read once', async () => {
    // A page no other test renders, so the first read is not already cached.
    const page = await renderPage([...cleanPage, { text: '联系电话：0571-12345678', x: 100, y: 460 }]);
    const before = scanner.ocr!.stats.cacheHits;
    const first = await verdictOf(page, 'a.png');
    assert.equal(scanner.ocr!.stats.cacheHits, before, 'nothing cached yet');
    const second = await verdictOf(page, 'b.png');
    // Top band and whole page both come from the cache the second time.
    assert.equal(scanner.ocr!.stats.cacheHits, before + 2);
    assert.equal(second.verdict, first.verdict);
  });
});
