import { load } from 'cheerio';
import type { Element } from 'domhandler';

/** The run properties that decide whether, and how, a reader sees a run's text. */
export interface RunLook {
  vanish?: boolean;
  /** Half-points. */
  size?: number;
  colour?: string;
  themeColour?: string;
  /** A highlight or shading behind the text. */
  shaded?: boolean;
  font?: string;
}

const child = (el: Element | undefined, name: string) => el?.children.find((c): c is Element => c.type === 'tag' && c.name === name);
const on = (el: Element) => !/^(?:0|false|off)$/i.test(el.attribs['w:val'] ?? 'true');
const paint = (fill: string | undefined) => !!fill && !/^(?:auto|FFFFFF|none)$/i.test(fill);

/** What one `w:rPr` sets (only what it sets: unset properties are inherited). */
export function runLook(props: Element | undefined): RunLook {
  const look: RunLook = {};
  if (!props) return look;
  const vanish = child(props, 'w:vanish') ?? child(props, 'w:specVanish');
  if (vanish) look.vanish = on(vanish);
  const size = Number(child(props, 'w:sz')?.attribs['w:val']);
  if (Number.isFinite(size)) look.size = size;
  const colour = child(props, 'w:color');
  if (colour?.attribs['w:val']) look.colour = colour.attribs['w:val'];
  if (colour?.attribs['w:themeColor']) look.themeColour = colour.attribs['w:themeColor'];
  const highlight = child(props, 'w:highlight')?.attribs['w:val'];
  const shade = child(props, 'w:shd')?.attribs['w:fill'];
  if (highlight !== undefined || shade !== undefined) look.shaded = paint(highlight) || paint(shade);
  const fonts = child(props, 'w:rFonts');
  const font = fonts?.attribs['w:ascii'] ?? fonts?.attribs['w:hAnsi'] ?? fonts?.attribs['w:eastAsia'] ?? fonts?.attribs['w:cs'];
  if (font) look.font = font;
  return look;
}

/**
 * A document's styles (styles.xml): document defaults, and paragraph and
 * character styles with their `basedOn` chains. A run looks like the
 * defaults, then its paragraph's style, then its character style, then its
 * own properties.
 */
export class WordStyles {
  private readonly defaults: RunLook;
  private readonly styles = new Map<string, { basedOn?: string; look: RunLook }>();
  private readonly resolved = new Map<string, RunLook>();

  constructor(xml?: string) {
    if (!xml) {
      this.defaults = {};
      return;
    }
    const $ = load(xml, { xml: true });
    this.defaults = runLook($('w\\:docDefaults w\\:rPrDefault w\\:rPr').toArray()[0] as Element | undefined);
    $('w\\:style').each((_, el) => {
      const style = el as Element;
      const id = style.attribs['w:styleId'];
      if (id) this.styles.set(id, { basedOn: child(style, 'w:basedOn')?.attribs['w:val'], look: runLook(child(style, 'w:rPr')) });
    });
  }

  /** A style's look with everything it is based on (a cycle ends the chain). */
  private style(id: string | undefined, seen = new Set<string>()): RunLook {
    if (!id || seen.has(id)) return {};
    const cached = this.resolved.get(id);
    if (cached) return cached;
    seen.add(id);
    const style = this.styles.get(id);
    const look = style ? { ...this.style(style.basedOn, seen), ...style.look } : {};
    this.resolved.set(id, look);
    return look;
  }

  /** How a run (`w:r`) looks: defaults, paragraph style, character style, its own properties. */
  look(run: Element): RunLook {
    let paragraph: Element | null = run.parent as Element | null;
    while (paragraph && paragraph.name !== 'w:p') paragraph = paragraph.parent as Element | null;
    const props = child(run, 'w:rPr');
    const pStyle = child(child(paragraph ?? undefined, 'w:pPr'), 'w:pStyle')?.attribs['w:val'];
    const rStyle = child(props, 'w:rStyle')?.attribs['w:val'];
    return { ...this.defaults, ...this.style(pStyle), ...this.style(rStyle), ...runLook(props) };
  }
}

/** Shading behind a run from the paragraph or the table cell it sits in: white type on it is visible. */
export function shadedAround(run: Element): boolean {
  for (let el = run.parent as Element | null; el && el.type === 'tag'; el = el.parent as Element | null) {
    const props = el.name === 'w:p' ? child(el, 'w:pPr') : el.name === 'w:tc' ? child(el, 'w:tcPr') : undefined;
    if (paint(child(props, 'w:shd')?.attribs['w:fill'])) return true;
  }
  return false;
}
