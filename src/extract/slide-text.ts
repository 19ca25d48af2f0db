import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { drawing } from './ooxml-dialects.js';
import { blocksOf, type XmlBlock } from './ooxml-text.js';

/** The top band of a page or slide that is its header zone (as on positioned pages). */
const headerBand = 0.3;

const shapes = new Set(['p:sp', 'p:graphicFrame', 'p:pic', 'p:cxnSp']);

/** Where a shape is drawn from the top (EMU), from its own transform; a title placeholder without one sits at the top; undefined when unknown. */
function top(shape: Element): number | undefined {
  const find = (el: Element, name: string): Element | undefined => {
    for (const c of el.children) {
      if (c.type !== 'tag') continue;
      const e = c as Element;
      if (e.name === name) return e;
      if (e.name === 'p:spPr' || e.name === 'a:xfrm' || e.name === 'p:xfrm') {
        const inner = find(e, name);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  const y = Number(find(shape, 'a:off')?.attribs.y);
  if (Number.isFinite(y)) return y;
  return /title/i.test(placeholder(shape) ?? '') ? 0 : undefined;
}

/** A placeholder's type (`title`, `body` … or '' for an untyped one), or undefined for a shape of its own. */
function placeholder(shape: Element): string | undefined {
  let found: string | undefined;
  const walk = (el: Element, depth: number): void => {
    for (const c of el.children) {
      if (c.type !== 'tag' || found !== undefined) continue;
      const e = c as Element;
      if (e.name === 'p:ph') found = e.attribs.type ?? '';
      else if (depth < 2 && /^p:nv/.test(e.name)) walk(e, depth + 1);
    }
  };
  walk(shape, 0);
  return found;
}

/**
 * A slide, master or layout read shape by shape from the top down (shapes
 * without a position first, in document order). On the first slide (and on
 * masters and layouts, whose shapes every slide shows) a shape drawn in the
 * top band is in the header zone, one drawn below it is not, and one whose
 * position is unknown is counted as the document's first lines. A master's or
 * layout's placeholders hold prompt text ("click to add a title") that no
 * slide shows: it is read beside the flow.
 */
export function slideBlocks(xml: string, options: { height: number; first: boolean; master: boolean }): XmlBlock[] {
  const $ = load(xml, { xml: true });
  const inShape = (el: Element) => $(el).parents().toArray().some((p) => shapes.has((p as Element).name));
  const all = $('*').toArray() as Element[];
  const found = all.filter((el) => shapes.has(el.name) && !inShape(el));
  // Paragraphs outside any shape have no position: read first, zoned as the first lines.
  const loose = blocksOf($, all.filter((el) => el.name === 'a:p' && !inShape(el)), drawing);
  const placed = found.map((shape, order) => ({ shape, order, y: top(shape) })).sort((a, b) => (a.y ?? -1) - (b.y ?? -1) || a.order - b.order);
  const out: XmlBlock[] = options.master ? loose.map((b) => ({ ...b, attribute: true })) : loose;
  for (const { shape, y } of placed) {
    const prompt = options.master && placeholder(shape) !== undefined;
    const header = y === undefined ? undefined : options.first && y < options.height * headerBand;
    for (const b of blocksOf($, [shape], drawing)) out.push(prompt ? { ...b, attribute: true } : { ...b, header });
  }
  return out;
}

/** The slide height from presentation.xml (`p:sldSz cy`, EMU); 4:3 and 16:9 decks both default to 6858000. */
export function slideHeight(presentationXml: string | undefined): number {
  const cy = Number(/<p:sldSz\b[^>]*\bcy\s*=\s*"(\d+)"/.exec(presentationXml ?? '')?.[1]);
  return Number.isFinite(cy) && cy > 0 ? cy : 6858000;
}
