import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/**
 * Where the document sits in a portal page. A published page wraps the
 * document in site chrome (top bar, navigation, breadcrumbs, the article
 * title, a meta line, a disclosure table, print links, the footer); the
 * document's head (份号, 密级, 版头) is the top of the content block, not the
 * top of the page. Found the way reader-view extractors do: the content
 * containers of the common portal CMSs first, then `<article>`/`<main>`, then
 * the element where the page's running text is densest.
 */

/** Content blocks of the CMSs portals run on (TRS WCM, 大汉 JCMS, 信息公开 systems, WordPress and common themes), most specific first. */
const cmsContainers = [
  '.TRS_Editor',
  '.TRS_UEDITOR',
  '.trs_editor_view',
  '.Custom_UnionStyle',
  '#zoom',
  '.bt_content',
  '.zwgk_content',
  '.xxgk_content',
  '.wp-block-post-content',
  '.entry-content',
  '.post-content',
  '.article-content',
  '.article_content',
  '.art_con',
  '.article_con',
  '.news_content',
  '.detail_content',
  '.content_detail',
  '#UCAP-CONTENT',
  '.pages_content',
].join(',');

/** Elements whose text is never laid out. */
export const unlaid = new Set(['script', 'style', 'template', 'noscript', 'head']);
/** Elements that are site chrome by their nature: their text counts as link text (the page's, not the document's). */
const chromeElements = new Set(['nav', 'header', 'footer', 'aside', 'select', 'a']);

const paragraphLike = new Set(['p', 'pre', 'td', 'div', 'section', 'span', 'font']);
const wrappers = new Set(['p', 'div', 'table', 'section', 'ul', 'ol']);

interface Weight {
  text: number;
  link: number;
  /** Clause punctuation (，。；): running prose has it, menus and tables little. */
  commas: number;
}

/** Characters of laid-out text under each element, how many of them are link text (navigation is links), and its punctuation. */
function weigh($: CheerioAPI, hidden: (el: Element) => boolean): Map<Element, Weight> {
  const weights = new Map<Element, Weight>();
  const none = { text: 0, link: 0, commas: 0 };
  const visit = (node: AnyNode, inLink: boolean): Weight => {
    if (node.type === 'text') {
      const n = node.data.replace(/\s+/g, '').length;
      return { text: n, link: inLink ? n : 0, commas: node.data.match(/[，。；,]/g)?.length ?? 0 };
    }
    if (!('children' in node)) return none;
    const el = node as Element;
    // What no reader sees weighs nothing: a hidden decoy block cannot pass for the content.
    if (el.type === 'tag' && (unlaid.has(el.name) || hidden(el))) return none;
    const link = inLink || (el.type === 'tag' && chromeElements.has(el.name));
    const w = { text: 0, link: 0, commas: 0 };
    for (const c of el.children) {
      const cw = visit(c, link);
      w.text += cw.text;
      w.link += cw.link;
      w.commas += cw.commas;
    }
    if (el.type === 'tag') weights.set(el, w);
    return w;
  };
  visit($.root()[0]!, false);
  return weights;
}

/**
 * The densest block of running text: every paragraph-like element scores for
 * its parent (and half for its grandparent) by its length and punctuation, as
 * Readability does; link-heavy blocks are discounted.
 */
function densest(weights: Map<Element, Weight>): Element | undefined {
  const scores = new Map<Element, number>();
  for (const [p, w] of weights) {
    if (!paragraphLike.has(p.name) || w.text - w.link < 20) continue;
    // Only blocks that hold text themselves, not wrappers of other blocks.
    if (p.children.some((c) => c.type === 'tag' && wrappers.has((c as Element).name))) continue;
    const score = 1 + w.commas + Math.min(3, Math.floor((w.text - w.link) / 100));
    const parent = p.parent?.type === 'tag' ? (p.parent as Element) : undefined;
    if (!parent) continue;
    scores.set(parent, (scores.get(parent) ?? 0) + score);
    const grand = parent.parent?.type === 'tag' ? (parent.parent as Element) : undefined;
    if (grand) scores.set(grand, (scores.get(grand) ?? 0) + score / 2);
  }
  let best: Element | undefined;
  let top = 0;
  for (const [el, score] of scores) {
    const w = weights.get(el)!;
    const s = score * (1 - w.link / Math.max(1, w.text));
    if (s > top) {
      top = s;
      best = el;
    }
  }
  return best;
}

/** The element with the most non-link text among `selector`'s matches, if it has any text worth the name. */
function richest($: CheerioAPI, weights: Map<Element, Weight>, selector: string): Element | undefined {
  let best: Element | undefined;
  let most = 0;
  for (const el of $(selector).toArray() as Element[]) {
    const w = weights.get(el);
    const own = w ? w.text - w.link : 0;
    if (own > most) {
      most = own;
      best = el;
    }
  }
  return most >= 10 ? best : undefined;
}

/**
 * The element holding the page's document, or undefined when the page is
 * the document (a post body, a bare document: nothing around it to leave out).
 */
export function mainContent($: CheerioAPI, hidden: (el: Element) => boolean): Element | undefined {
  const weights = weigh($, hidden);
  const root = $.root()[0]!;
  let all = 0;
  for (const c of root.children) if (c.type === 'tag') all += weights.get(c as Element)?.text ?? 0;
  if (all === 0) return undefined;
  const found = richest($, weights, cmsContainers) ?? richest($, weights, 'article, main, [role=main]') ?? densest(weights);
  if (!found) return undefined;
  const w = weights.get(found)!;
  // A block that is nearly the whole page leaves nothing out.
  return w.text >= all * 0.9 ? undefined : found;
}
