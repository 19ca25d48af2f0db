/**
 * Subtler Office tricks: text Word or Excel does not show put inside a mark
 * (fallback content, field codes, deleted text, ruby guides, text hidden by a
 * style, near-white type, phonetic guides, comments anchored in ODF
 * paragraphs), stars drawn by symbol fonts, marks made by number formats or
 * by formulas without a cached value, and packages whose parts are named in
 * ways a file-name reader misses (case, renamed main part, a second
 * relationship to a header).
 */
import { strFromU8, unzipSync } from 'fflate';
import { contentTypesXml, makeDocx, makeZip, rels } from '../fixtures/make.js';
import { makeOdt, makePptx, makeXlsx } from '../fixtures/office-packages.js';
import { twins, type HostileCase } from './case.js';

const body = ['关于做好防汛工作的通知', '各乡镇人民政府，县直各单位：', '现将有关事项通知如下，请认真贯彻落实。'];
const run = (t: string, props = '') => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
const paragraph = (...runs: string[]) => `<w:p>${runs.join('')}</w:p>`;
/** The mark with something between its first character and the rest. */
const around = (m: string, between: string) => paragraph(run(m.slice(0, 1)), between, run(m.slice(1)));
const docx = (variant: string, build: (mark: string) => Parameters<typeof makeDocx>[0]) => twins('office', `docx-${variant}`, `${variant}.docx`, (mark) => makeDocx(build(mark)));

const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const hidingStyle = `<?xml version="1.0" encoding="UTF-8"?><w:styles ${w}><w:style w:type="character" w:styleId="Base"><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="character" w:styleId="Note"><w:basedOn w:val="Base"/></w:style></w:styles>`;

/** A built package with some of its parts rewritten. */
function rezip(bytes: Buffer, edit: (files: Record<string, string | Uint8Array>) => void): Buffer {
  const files: Record<string, string | Uint8Array> = { ...unzipSync(bytes) };
  edit(files);
  return makeZip(files);
}
const text = (files: Record<string, string | Uint8Array>, name: string) => {
  const v = files[name]!;
  return typeof v === 'string' ? v : strFromU8(v);
};

const numberFormat = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="${code}"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`;
const formatted = (code: string, cell = '<c r="B1" s="1"><v>1</v></c>') =>
  makeXlsx({ strings: ['2024年经费预算'], cells: `<row r="1">${cell}</row>`, parts: [{ name: 'styles.xml', type: 'styles', xml: numberFormat(code) }] });
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export async function officeSubtleCases(): Promise<HostileCase[]> {
  const groups = await Promise.all([
    docx('fallback-splits', (m) => ({
      rawBody: around(m, '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="w14"><w:r><w:t></w:t></w:r></mc:Choice><mc:Fallback>' + run('公开') + '</mc:Fallback></mc:AlternateContent>'),
      body,
    })),
    docx('field-code-splits', (m) => ({ rawBody: around(m, '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> XE "索引" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'), body })),
    docx('deleted-splits', (m) => ({ rawBody: around(m, `<w:del w:id="1" w:author="a"><w:r><w:delText>旧</w:delText></w:r></w:del>`), body })),
    docx('ruby-guides', (m) => ({
      rawBody: paragraph(...[...m].map((c) => `<w:r><w:ruby><w:rubyPr/><w:rt>${run('zhù')}</w:rt><w:rubyBase>${run(c)}</w:rubyBase></w:ruby></w:r>`)),
      body,
    })),
    docx('style-hidden-splits', (m) => ({ rawBody: around(m, run('样', '<w:rStyle w:val="Note"/>')), body, parts: { 'styles.xml': { type: 'styles', data: hidingStyle } } })),
    docx('style-hidden-quote', (m) => ({ rawBody: paragraph(run('标注为“', '<w:rStyle w:val="Note"/>'), run(m), run('”', '<w:rStyle w:val="Note"/>')), body, parts: { 'styles.xml': { type: 'styles', data: hidingStyle } } })),
    docx('white-no-highlight-splits', (m) => ({ rawBody: around(m, run('样', '<w:color w:val="FFFFFF"/><w:highlight w:val="none"/>')), body })),
    docx('near-white-splits', (m) => ({ rawBody: around(m, run('样', '<w:color w:val="FEFEFE"/>')), body })),
    docx('symbol-font-run', (m) => ({ rawBody: paragraph(run(m.replace(/★.*/, '')), m.includes('★') ? run('«', '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/>') : '', run(m.replace(/^[^★]*★?/, ''))), body })),
    twins('office', 'docx-header-name-case', 'case.docx', (m) =>
      rezip(makeDocx({ header: [m], body }), (files) => {
        files['word/_rels/document.xml.rels'] = text(files, 'word/_rels/document.xml.rels').replace('Target="header1.xml"', 'Target="HEADER1.xml"');
      }),
    ),
    twins('office', 'docx-header-second-relationship', 'second.docx', (m) =>
      rezip(makeDocx({ header: [m], body }), (files) => {
        files['_rels/.rels'] = text(files, '_rels/.rels').replace('<Relationship ', '<Relationship Id="rId9" Type="http://example.org/relationships/note" Target="word/header1.xml"/><Relationship ');
      }),
    ),
    twins('office', 'docx-main-part-renamed', 'renamed.docx', (m) =>
      rezip(makeDocx({ body: [m, ...body] }), (files) => {
        files['word/main.xml'] = files['word/document.xml']!;
        files['word/_rels/main.xml.rels'] = files['word/_rels/document.xml.rels']!;
        delete files['word/document.xml'];
        delete files['word/_rels/document.xml.rels'];
        files['_rels/.rels'] = rels([['rId1', 'officeDocument', 'word/main.xml']]);
        files['[Content_Types].xml'] = contentTypesXml({ 'word/main.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml' });
      }),
    ),
    twins('office', 'xlsx-number-format-literal', 'format.xlsx', (m) => formatted(xml(`"${m.slice(0, 3)}"0"${m.slice(4)}"`))),
    twins('office', 'xlsx-number-format-escapes', 'escapes.xlsx', (m) => formatted(xml([...m].map((c) => `\\${c}`).join('')))),
    twins('office', 'xlsx-number-format-currency-text', 'currency.xlsx', (m) => formatted(xml(`[$${m}]`))),
    twins('office', 'xlsx-text-format-section', 'text-section.xlsx', (m) => formatted(xml(`0;-0;0;"${m.slice(0, 1)}"@`), `<c r="B1" s="1" t="inlineStr"><is><t>${m.slice(1)}</t></is></c>`)),
    twins('office', 'xlsx-phonetic-splits', 'phonetic.xlsx', (m) =>
      makeXlsx({ strings: ['2024年经费预算'], cells: `<row r="1"><c r="B1" t="inlineStr"><is><r><t>${m.slice(0, 1)}</t></r><rPh sb="0" eb="1"><t>ひ</t></rPh><r><t>${m.slice(1)}</t></r></is></c></row>` }),
    ),
    twins('office', 'xlsx-formula-no-cached-value', 'formula.xlsx', (m) => makeXlsx({ strings: ['2024年经费预算'], cells: `<row r="1"><c r="B1" t="str"><f>${xml(`"${m.slice(0, 1)}"&"${m.slice(1)}"`)}</f></c></row>` })),
    twins('office', 'xlsx-formula-unichar', 'unichar.xlsx', (m) =>
      makeXlsx({ strings: ['2024年经费预算'], cells: `<row r="1"><c r="B1" t="str"><f>${xml(`"${m.slice(0, 2)}"&UNICHAR(${m.codePointAt(2)})&"${m.slice(3)}"`)}</f></c></row>` }),
    ),
    twins('office', 'pptx-no-fill-splits', 'nofill.pptx', (m) => makePptxRaw(`<a:r><a:t>${m.slice(0, 1)}</a:t></a:r><a:r><a:rPr><a:noFill/></a:rPr><a:t>样</a:t></a:r><a:r><a:t>${m.slice(1)}</a:t></a:r>`)),
    twins('office', 'pptx-tiny-run-splits', 'tiny.pptx', (m) => makePptxRaw(`<a:r><a:t>${m.slice(0, 1)}</a:t></a:r><a:r><a:rPr sz="100"/><a:t>样</a:t></a:r><a:r><a:t>${m.slice(1)}</a:t></a:r>`)),
    twins('office', 'odt-comment-splits', 'comment.odt', (m) => makeOdt({ body: [`${m.slice(0, 1)}<office:annotation><dc:creator>张三</dc:creator><dc:date>2024-06-01</dc:date><text:p>请核对</text:p></office:annotation>${m.slice(1)}`, ...body] })),
    twins('office', 'odt-ruby-splits', 'ruby.odt', (m) => makeOdt({ body: [`<text:ruby><text:ruby-base>${m.slice(0, 1)}</text:ruby-base><text:ruby-text>mì</text:ruby-text></text:ruby>${m.slice(1)}`, ...body] })),
  ]);
  return groups.flat();
}

/** A one-slide PPTX whose first paragraph is the given DrawingML runs. */
function makePptxRaw(runs: string): Buffer {
  return rezip(makePptx({ slides: [{ paras: ['占位', '工作汇报'] }] }), (files) => {
    files['ppt/slides/slide1.xml'] = text(files, 'ppt/slides/slide1.xml').replace('<a:p><a:r><a:t>占位</a:t></a:r></a:p>', `<a:p>${runs}</a:p>`);
  });
}
