import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { emptyDocument, linesFromText, type Box, type Document, type Page, type TextLine } from './document.js';
import type { ExtractContext, Extractor } from './extractor.js';
import { multiply, paintedBoxes, type Matrix, type Ops, type Painting } from './pdf-painting.js';
import { itemsToLines, type Item } from './positioned-lines.js';
import { redSignals } from './red-layout.js';
import { xmpValues } from './xmp.js';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
/** Loaded on first use: importing pdfjs sets globals and takes ~100 ms. */
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** Pages with fewer characters than this but with images or drawn shapes are scans (or outlines): they need OCR. */
const scannedBelow = 10;

/** Pages (and bands) are rendered at this resolution for OCR (60-180 ms a page). */
const renderDpi = 150;

/** The header band of page 1 (份号, 密级, the issuer's banner), as the detector's header zone: the top 30%. */
const headerBand = 0.3;

/**
 * A picture covering at least `largeImageShare` of the page is something a
 * person reads (a scanned page, a photographed document), and the text layer
 * over it can be its reading only if the text's line boxes cover at least
 * `readCoverage` of it: a page of 公文 body text (22 lines of 28 characters at
 * 16 pt) covers about 30% of A4, a scan's OCR layer covers what the printed
 * text covers, while a picture under a caption or an unrelated line is
 * covered well under 10%. Below that the page is read by OCR. Smaller
 * pictures are read only in page 1's header band (their cost stays one band).
 */
const largeImageShare = 0.25;
const readCoverage = 0.1;

/** Smallest picture that can hold a legible character (6 pt), in points either way. */
const minImageSide = 6;

/** Text drawn as outlines: filled shapes of glyph height (not hairline rules, not page-size panels). */
const glyphLike = (b: Box) => b.h >= 3 && b.h <= 100 && b.w >= 1;

/** Room left around a band's content, so OCR sees whole glyphs on white. */
const bandMargin = 6;

type PdfDocumentProxy = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPageProxy = Awaited<ReturnType<PdfDocumentProxy['getPage']>>;
type TextContent = Awaited<ReturnType<PdfPageProxy['getTextContent']>>;

/** What OCR must read on a page: all of it, or the part of page 1's header band where something was painted. */
type OcrNeed = { whole: true; reason: string } | { whole: false; region: Box };

const area = (b: Box) => Math.max(0, b.w) * Math.max(0, b.h);

function intersect(a: Box, b: Box): Box {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, w: Math.min(a.x + a.w, b.x + b.w) - x, h: Math.min(a.y + a.h, b.y + b.h) - y };
}

/** The box around boxes (a loop, not a spread: a page may paint many thousands). */
function union(boxes: Box[]): Box {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) [left, top, right, bottom] = [Math.min(left, b.x), Math.min(top, b.y), Math.max(right, b.x + b.w), Math.max(bottom, b.y + b.h)];
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/** Share of `box` under the text layer's line boxes. */
function textCover(box: Box, lines: TextLine[]): number {
  const covered = lines.reduce((sum, l) => sum + (l.box ? area(intersect(l.box, box)) : 0), 0);
  return covered / Math.max(area(box), 1);
}

/**
 * Text items in page coordinates seen upright (the viewport's turn applied),
 * y up from the bottom, each with the direction its text runs in.
 */
function textItems(content: TextContent, view: Matrix, height: number): Item[] {
  const items: Item[] = [];
  for (const it of content.items) {
    if (!('str' in it)) continue;
    // The viewport's matrix is y-down: flip back for the line builder.
    const m = multiply(view, it.transform as number[]);
    items.push({ str: it.str, x: m[4]!, y: height - m[5]!, w: it.width, h: it.height || Math.hypot(m[2]!, m[3]!), angle: Math.atan2(-m[1]!, m[0]!) });
  }
  return items;
}

/** Shapes or pictures checked one by one against the text layer; past this many, all of them count as unread (checking would cost more than reading). */
const maxChecked = 256;

/** Those of `boxes` the text layer does not cover by half. */
function uncovered(boxes: Box[], lines: TextLine[]): Box[] {
  return boxes.length > maxChecked ? boxes : boxes.filter((b) => textCover(b, lines) < 0.5);
}

/**
 * Decides what OCR reads on a page. A page with almost no text but images
 * or drawn shapes is a scan (or text to curves): all of it. So is a page
 * where a large picture has little text over it. On page 1, a picture or
 * glyph-sized filled shapes with no text over them in the header band (a
 * pasted letterhead, a 密级 in outlines): that band only, cropped to them.
 */
function ocrNeed(number: number, lines: TextLine[], painting: Painting, page: Box): OcrNeed | undefined {
  const chars = lines.reduce((sum, l) => sum + l.text.replace(/\s/g, '').length, 0);
  const shapes = painting.fills.map((b) => intersect(b, page)).filter(glyphLike);
  if (chars < scannedBelow && painting.images.length) return { whole: true, reason: 'is a scanned image' };
  if (chars < scannedBelow && uncovered(shapes, lines).length) return { whole: true, reason: 'is drawn as shapes (text as outlines)' };
  const images = painting.images.map((b) => intersect(b, page)).filter((b) => b.w >= minImageSide && b.h >= minImageSide);
  const large = images.filter((b) => area(b) >= area(page) * largeImageShare);
  if (large.length > maxChecked || large.some((b) => textCover(b, lines) < readCoverage)) return { whole: true, reason: 'is mostly a picture its text does not cover' };
  return number === 1 ? bandNeed(images, shapes, lines, page) : undefined;
}

/** Page 1's header band: where pictures or uncovered glyph-sized shapes sit in it, with a margin. */
function bandNeed(images: Box[], shapes: Box[], lines: TextLine[], page: Box): OcrNeed | undefined {
  const band: Box = { ...page, h: page.h * headerBand };
  const inBand = (boxes: Box[]) => boxes.map((b) => intersect(b, band)).filter((b) => b.w > 0 && b.h > 0);
  const bandLines = lines.filter((l) => l.box && area(intersect(l.box, band)) > 0);
  const boxes = [...inBand(images), ...uncovered(inBand(shapes), bandLines)];
  if (!boxes.length) return undefined;
  const region = union(boxes);
  return { whole: false, region: intersect({ x: region.x - bandMargin, y: region.y - bandMargin, w: region.w + 2 * bandMargin, h: region.h + 2 * bandMargin }, page) };
}

/**
 * Most pixels a page (or band) is rendered at, whatever its size in points:
 * an A0 sheet at 150 dpi. The canvas is native memory, outside any heap
 * limit; a larger page is rendered coarser, and one that would need less
 * than `minRenderDpi` is too large to read.
 */
const maxRenderPixels = 40_000_000;
const minRenderDpi = 36;

/** The resolution a region is rendered at: `wanted`, or less to stay within `maxPixels`; undefined when that is too coarse to read. */
export function renderDpiFor(region: Box, wanted: number, maxPixels = maxRenderPixels): number | undefined {
  const fit = 72 * Math.sqrt(Math.min(maxPixels, maxRenderPixels) / Math.max(1, region.w * region.h));
  const dpi = Math.min(wanted, fit);
  return dpi >= minRenderDpi ? dpi : undefined;
}

/** Renders a region of a page (points from the top left), at the OCR resolution unless told, on @napi-rs/canvas (pdfjs's Node canvas). */
async function render(pdf: PdfDocumentProxy, page: PdfPageProxy, region: Box, dpi = renderDpi): Promise<Buffer> {
  const scale = dpi / 72;
  // Shifting the viewport puts the region at the canvas origin; what falls outside the canvas is clipped.
  const viewport = page.getViewport({ scale, offsetX: -region.x * scale, offsetY: -region.y * scale });
  const factory = (pdf as unknown as { canvasFactory: { create(w: number, h: number): { canvas: { toBuffer(type: string): Buffer }; context: unknown } } }).canvasFactory;
  const { canvas, context } = factory.create(Math.max(1, Math.ceil(region.w * scale)), Math.max(1, Math.ceil(region.h * scale)));
  await page.render({ canvasContext: context, viewport, canvas } as unknown as Parameters<PdfPageProxy['render']>[0]).promise;
  return canvas.toBuffer('image/png');
}

/** Reads a region by OCR into lines (boxes in PDF points from the top of the page); a whole page also gets its red layout signals. */
async function ocrRegion(pdf: PdfDocumentProxy, page: PdfPageProxy, region: Box, whole: boolean, dpi: number, ctx: ExtractContext): Promise<Pick<Page, 'lines' | 'signals'>> {
  const scale = dpi / 72;
  const png = await render(pdf, page, region, dpi);
  const toPoints = (b: Box): Box => ({ x: region.x + b.x / scale, y: region.y + b.y / scale, w: b.w / scale, h: b.h / scale });
  const lines = (await ctx.ocr!.recognize(png)).map((l) => ({ text: l.text, origin: 'visible' as const, zone: 'body' as const, box: toPoints(l.box) }));
  // Red layout analysis assumes a whole page (banner on top, seal below): a band alone would mislead it.
  if (!whole) return { lines };
  return { lines, signals: (await redSignals(png, Math.ceil(region.w * scale))).map((s) => ({ ...s, box: toPoints(s.box) })) };
}

/** Info dictionary entries and every XMP value, once each: what a viewer's document properties show. */
async function metadataTexts(pdf: PdfDocumentProxy): Promise<string[]> {
  const meta = await pdf.getMetadata().catch(() => undefined);
  const info = meta?.info as Record<string, unknown> | undefined;
  const texts = ['Title', 'Subject', 'Keywords', 'Author'].map((k) => info?.[k]);
  const xmp = meta?.metadata?.getRaw();
  if (typeof xmp === 'string') texts.push(...xmpValues(xmp));
  return [...new Set(texts.filter((v): v is string => typeof v === 'string').map((v) => v.trim()))].filter(Boolean);
}

/** One page: its text layer, then OCR of what the text layer does not say (unless what was read already decides). */
async function readPage(pdf: PdfDocumentProxy, n: number, doc: Document, ops: Ops, ctx: ExtractContext): Promise<void> {
  const page = await pdf.getPage(n);
  const viewport = page.getViewport({ scale: 1 });
  const { width, height } = viewport;
  const lines = itemsToLines(textItems(await page.getTextContent(), viewport.transform, height), height, ctx.limits.headerLines);
  const operators = await page.getOperatorList();
  const painting = paintedBoxes(operators.fnArray, operators.argsArray, ops, viewport.transform);
  const entry: Page = { number: n, width, height, lines };
  doc.pages.push(entry);
  const need = ocrNeed(n, lines, painting, { x: 0, y: 0, w: width, h: height });
  if (need && !ctx.ocr) {
    // A band on page 1 (a logo, a letterhead) unread without OCR is the deployment's choice; a page that is a picture is held.
    if (need.whole) doc.problems.push({ code: 'unsupported-format', detail: `page ${n} ${need.reason}, and OCR is disabled` });
  } else if (need && !ctx.decisive(doc)) {
    const region = need.whole ? { x: 0, y: 0, w: width, h: height } : need.region;
    const dpi = renderDpiFor(region, renderDpi, ctx.limits.imagePixels);
    if (dpi === undefined) doc.problems.push({ code: 'too-large', detail: `page ${n} is ${Math.round(width)}×${Math.round(height)} points: too large to render for OCR` });
    else {
      const read = await ocrRegion(pdf, page, region, need.whole, dpi, ctx);
      lines.push(...read.lines);
      entry.signals = read.signals;
    }
  }
  page.cleanup();
}

/** Opens a PDF the one way every reading here does: fonts and CMaps from the package, no eval, no system fonts. */
async function openPdf(bytes: Buffer) {
  const { getDocument } = await loadPdfJs();
  return getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: join(pdfjsRoot, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/',
    wasmUrl: join(pdfjsRoot, 'wasm') + '/',
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
}

/** One whole page as a PNG at `dpi`, or coarser for a huge page (the console draws a reviewer's view of a scanned page with it). */
export async function renderPdfPage(bytes: Buffer, pageNumber: number, wantedDpi: number, maxPixels: number): Promise<Buffer> {
  const task = await openPdf(bytes);
  const pdf = await task.promise.catch(async (err: Error) => {
    await task.destroy();
    throw err;
  });
  try {
    const page = await pdf.getPage(pageNumber);
    const { width, height } = page.getViewport({ scale: 1 });
    const whole = { x: 0, y: 0, w: width, h: height };
    const dpi = renderDpiFor(whole, wantedDpi, maxPixels);
    if (dpi === undefined) throw new Error(`page ${pageNumber} is too large to draw`);
    return await render(pdf, page, whole, dpi);
  } finally {
    await pdf.destroy();
  }
}

/**
 * PDF text layer with positions (pdfjs-dist legacy build, cMaps and standard
 * fonts from the package, so CJK text in non-embedded fonts reads), turned
 * and stacked text read along its direction, and OCR where a person sees
 * text the layer does not have (see ocrNeed). Info and XMP metadata are
 * read too. Encrypted and broken files are problems, held with the reason.
 */
export const pdfExtractor: Extractor = {
  id: 'pdf',
  mediaTypes: ['application/pdf'],
  async extract(input, mediaType, ctx): Promise<Document> {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const { OPS } = await loadPdfJs();
    const task = await openPdf(input.bytes);
    let pdf;
    try {
      pdf = await task.promise;
    } catch (err) {
      const name = (err as Error).name;
      doc.problems.push(
        name === 'PasswordException'
          ? { code: 'encrypted', detail: 'PDF is protected by a password' }
          : { code: 'malformed', detail: `PDF cannot be read (${(err as Error).message})` },
      );
      await task.destroy();
      return doc;
    }
    try {
      if (pdf.numPages > ctx.limits.pdfPages) {
        doc.problems.push({ code: 'too-large', detail: `PDF has ${pdf.numPages} pages (limit ${ctx.limits.pdfPages})` });
        return doc;
      }
      const meta = await metadataTexts(pdf);
      for (let n = 1; n <= pdf.numPages; n++) {
        ctx.signal.throwIfAborted();
        await readPage(pdf, n, doc, OPS, ctx);
      }
      if (meta.length && doc.pages[0]) doc.pages[0].lines.push(...meta.flatMap((text) => linesFromText(text, 'metadata', 0)));
      return doc;
    } finally {
      await pdf.destroy();
    }
  },
};
