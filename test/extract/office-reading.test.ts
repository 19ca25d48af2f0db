import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { formattedText } from '../../src/extract/number-format.js';
import { loadPolicy } from '../../src/policy/load.js';
import { Scanner } from '../../src/scanner.js';
import { makeDocx, makeZip } from '../fixtures/make.js';
import { makePptx, makeXlsx } from '../fixtures/office-packages.js';

/**
 * Where a mark sits decides how strong it is: `内部` blocks only in a
 * document's header zone (its first lines, a page header, the top of the
 * first slide). These check that Office files are zoned as they are shown,
 * whatever their parts are called and whatever order they are stored in.
 */
const scanner = new Scanner(loadPolicy('policies/default.yaml'), { ocr: false });
const verdict = async (file: string, bytes: Buffer) => (await scanner.scan([{ part: 'file', file, bytes }])).decision.verdict;
const body = ['关于印发工作方案的通知', '各乡镇人民政府，县直各单位：', '现将有关事项通知如下。'];

function rezip(bytes: Buffer, edit: (files: Record<string, string | Uint8Array>) => void): Buffer {
  const files: Record<string, string | Uint8Array> = { ...unzipSync(bytes) };
  edit(files);
  return makeZip(files);
}
const text = (files: Record<string, string | Uint8Array>, name: string) => strFromU8(files[name] as Uint8Array);

describe('Office files are zoned as shown', () => {
  it('a page header is the header zone whatever the relationship calls it: another case, a second relationship first', async () => {
    const plain = makeDocx({ header: ['内部'], body });
    assert.equal(await verdict('a.docx', plain), 'block');
    const cased = rezip(plain, (f) => void (f['word/_rels/document.xml.rels'] = text(f, 'word/_rels/document.xml.rels').replace('Target="header1.xml"', 'Target="HEADER1.xml"')));
    assert.equal(await verdict('a.docx', cased), 'block');
    const second = rezip(plain, (f) => void (f['_rels/.rels'] = text(f, '_rels/.rels').replace('<Relationship ', '<Relationship Id="rId9" Type="http://example.org/x" Target="word/header1.xml"/><Relationship ')));
    assert.equal(await verdict('a.docx', second), 'block');
  });

  it('a long running title in the page header does not end the header of the body', async () => {
    const long = '南屏县人民政府办公室关于印发《南屏县2024年安全生产大检查工作实施方案》的通知（征求意见稿）';
    assert.equal(await verdict('a.docx', makeDocx({ header: [long], body: ['内部', ...body] })), 'block');
    assert.equal(await verdict('a.docx', makeDocx({ header: [long], body })), 'allow');
  });

  it('a text in a symbol font reads as the glyphs it draws: Wingdings « is ★', async () => {
    const r = (t: string, props = '') => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t>${t}</w:t></w:r>`;
    const rawBody = `<w:p>${r('会议传达了机密')}${r('«', '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/>')}${r('文件精神，要求各单位认真学习贯彻落实。')}</w:p>`;
    assert.equal(await verdict('a.docx', makeDocx({ body, rawBody })), 'hold');
  });

  it('a sheet is read cell by cell in row order, shared strings by index; its printed page header is header zone', async () => {
    const strings = Array.from({ length: 12 }, (_, i) => `项目${i + 1}`);
    assert.equal(await verdict('a.xlsx', makeXlsx({ strings: [...strings, '内部'] })), 'allow', '内部 in A13 is not the header');
    const a1 = rezip(makeXlsx({ strings: [...strings, '内部'] }), (f) => {
      f['xl/worksheets/sheet1.xml'] = text(f, 'xl/worksheets/sheet1.xml').replace('<sheetData><row r="1"><c r="A1" t="s"><v>0</v>', '<sheetData><row r="1"><c r="A1" t="s"><v>12</v>');
    });
    assert.equal(await verdict('a.xlsx', a1), 'block', 'A1 shows shared string 12');
    assert.equal(await verdict('a.xlsx', makeXlsx({ strings: ['2024年经费预算'], headerFooter: '<oddHeader>&amp;L内部&amp;R第&amp;P页</oddHeader>' })), 'block');
  });

  it('a slide is zoned by where its shapes are drawn, not by the order they are stored in', async () => {
    const shape = (y: number, t: string) => `<p:sp><p:spPr><a:xfrm><a:off x="0" y="${y}"/><a:ext cx="100" cy="100"/></a:xfrm></p:spPr><p:txBody><a:p><a:r><a:t>${t}</a:t></a:r></a:p></p:txBody></p:sp>`;
    const deck = (tree: string) =>
      rezip(makePptx({ slides: [{ paras: ['占位'] }] }), (f) => {
        f['ppt/slides/slide1.xml'] = text(f, 'ppt/slides/slide1.xml').replace(/<p:spTree>.*<\/p:spTree>/, `<p:spTree>${tree}</p:spTree>`);
      });
    const paragraphs = Array.from({ length: 10 }, (_, i) => shape(3_000_000 + i * 100_000, `第${i + 1}项工作`)).join('');
    assert.equal(await verdict('a.pptx', deck(paragraphs + shape(0, '内部'))), 'block', 'drawn at the top, stored last');
    assert.equal(await verdict('a.pptx', deck(shape(5_000_000, '内部') + paragraphs)), 'allow', 'stored first, drawn low');
  });
});

describe('number formats', () => {
  it('show the text they add to a number or to a text cell', () => {
    assert.equal(formattedText('"秘密★"0"年"', '1', false), '秘密★1年');
    assert.equal(formattedText('\\内\\部', '5', false), '内部');
    assert.equal(formattedText('[$秘密★1年-804]General', '3', false), '秘密★1年3');
    assert.equal(formattedText('0.00"元"', '2.5', false), '2.50元');
    assert.equal(formattedText('0;-0;0;"秘"@', '密★1年', true), '秘密★1年');
    assert.equal(formattedText(';;;"内部"', '1', false), undefined, 'a number shows nothing through an empty section');
    assert.equal(formattedText('#,##0.00', '1234.5', false), undefined, 'a format that adds no text');
    assert.equal(formattedText('[Red]0.0', '-1', false), undefined);
  });
});
