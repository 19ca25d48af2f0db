import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Document } from '../../src/extract/document.js';
import { loadPolicy } from '../../src/policy/load.js';
import { Scanner } from '../../src/scanner.js';

const scanner = new Scanner(loadPolicy('policies/default.yaml'), { ocr: false });

/** The page view (the rendered lines) and the written view of an HTML body. */
async function views(html: string): Promise<{ rendered: string; written?: string }> {
  const doc = (await scanner.scan([{ part: 'body', bytes: Buffer.from(html), declaredType: 'text/html' }])).documents[0]!;
  const text = (d: Document) => d.pages.flatMap((p) => p.lines.filter((l) => l.origin === 'visible').map((l) => l.text)).join('|');
  const written = doc.children.find((c) => c.decoding === 'as written');
  return { rendered: text(doc), written: written && written.pages.flatMap((p) => p.lines.map((l) => l.text)).join('|') };
}

describe('HTML: the page view and the written view', () => {
  it('applies style-sheet rules by every kind of selector: element, class, several classes, id, and compound ones css-select matches', async () => {
    const html = `<style>
      em{display:none} .a.b{visibility:hidden} #x{font-size:0} div > span.c{display:none} p.n::after{content:"后"} .n::before{content:attr(data-t)}
    </style><p>一<em>E</em><span class="a b">AB</span><span class="a">A</span><span id="x">X</span><span class="c">C</span></p><div><span class="c">D</span></div><p class="n" data-t="前">中</p>`;
    const v = await views(html);
    assert.equal(v.rendered, '一AC|前中后', 'span.c outside a div is shown; the one in a div is not');
    assert.equal(v.written?.split('|').slice(1).join('|'), '一EABAXC|D|中', 'everything, after the style sheet itself');
  });
});
