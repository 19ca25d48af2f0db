/**
 * A multi-page OFD package (GB/T 33190), as 公文 systems export them: the
 * fixture builder (test/fixtures/make.ts makeOfd) writes one page only.
 */
import { makeZip } from '../fixtures/make.js';

export interface OfdText {
  text: string;
  x: number;
  y: number;
  size: number;
}

const ns = 'xmlns:ofd="http://www.ofdspec.org/2016"';
const head = '<?xml version="1.0" encoding="UTF-8"?>';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function makeOfdPages(pages: OfdText[][], title: string): Buffer {
  let id = 10;
  const entries: Record<string, string> = {
    'OFD.xml': `${head}<ofd:OFD ${ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>6a1f0c3e9b2d4e8f8a7c5b3d1e0f2a4c</ofd:DocID><ofd:Title>${esc(title)}</ofd:Title><ofd:Creator>书生公文交换系统</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
    'Doc_0/PublicRes.xml': `${head}<ofd:Res ${ns} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="仿宋_GB2312" FamilyName="仿宋_GB2312"/><ofd:Font ID="2" FontName="方正小标宋简体"/></ofd:Fonts></ofd:Res>`,
  };
  const refs = pages.map((_, i) => `<ofd:Page ID="${2 + i}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('');
  entries['Doc_0/Document.xml'] = `${head}<ofd:Document ${ns}><ofd:CommonData><ofd:MaxUnitID>${10 + pages.flat().length + 10}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>${refs}</ofd:Pages></ofd:Document>`;
  pages.forEach((texts, i) => {
    const objects = texts
      .map((t) => {
        const n = [...t.text].length;
        return `<ofd:TextObject ID="${id++}" Boundary="${t.x} ${(t.y - t.size).toFixed(2)} ${(t.size * n).toFixed(2)} ${(t.size * 1.25).toFixed(2)}" Font="${t.size > 7 ? 2 : 1}" Size="${t.size}"><ofd:TextCode X="0" Y="${t.size}" DeltaX="g ${Math.max(n - 1, 1)} ${t.size}">${esc(t.text)}</ofd:TextCode></ofd:TextObject>`;
      })
      .join('');
    entries[`Doc_0/Pages/Page_${i}/Content.xml`] = `${head}<ofd:Page ${ns}><ofd:Content><ofd:Layer ID="${id++}">${objects}</ofd:Layer></ofd:Content></ofd:Page>`;
  });
  return makeZip(entries);
}
