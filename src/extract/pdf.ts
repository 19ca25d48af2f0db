import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { emptyDocument, type Box, type Document, type TextLine } from './document.js';
import type { ExtractContext, Extractor } from './extractor.js';
import { itemsToLines, type Item } from './positioned-lines.js';
import { redSignals, type RedSignal } from './red-layout.js';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
/** Loaded on first use: importing pdfjs sets globals and takes ~100 ms. */
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** Pages with fewer characters than this but with images are scans: they need OCR. */
const scannedBelow = 10;

/** Scanned pages are rendered at this resolution for OCR (60-180 ms a page). */
const renderDpi = 150;

type PdfDocumentProxy = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPageProxy = Awaited<ReturnType<PdfDocumentProxy['getPage']>>;

/** Renders a page (pdfjs draws on @napi-rs/canvas in Node) and reads it with OCR; boxes in PDF points, from the top. */
async function ocrPage(pdf: PdfDocumentProxy, page: PdfPageProxy, ctx: ExtractContext): Promise<{ lines: TextLine[]; signals: RedSignal[] }> {
  const scale = renderDpi / 72;
  const viewport = page.getViewport({ scale });
  const factory = (pdf as unknown as { canvasFactory: { create(w: number, h: number): { canvas: { toBuffer(type: string): Buffer }; context: unknown } } }).canvasFactory;
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvasContext: context, viewport, canvas } as unknown as Parameters<PdfPageProxy['render']>[0]).promise;
  const png = canvas.toBuffer('image/png');
  const toPoints = (b: Box): Box => ({ x: b.x / scale, y: b.y / scale, w: b.w / scale, h: b.h / scale });
  const lines = (await ctx.ocr!.recognize(png)).map((l) => ({ text: l.text, origin: 'visible' as const, zone: 'body' as const, box: toPoints(l.box) }));
  return { lines, signals: (await redSignals(png, Math.ceil(viewport.width))).map((s) => ({ ...s, box: toPoints(s.box) })) };
}

/**
 * PDF text layer with positions (pdfjs-dist legacy build, cMaps and standard
 * fonts from the package, so CJK text in non-embedded fonts reads). Pages that
 * are images (scans) are reported for OCR; encrypted and broken files are
 * problems, held with the reason.
 */
export const pdfExtractor: Extractor = {
  id: 'pdf',
  mediaTypes: ['application/pdf'],
  async extract(input, mediaType, ctx): Promise<Document> {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const { getDocument, OPS } = await loadPdfJs();
    const task = getDocument({
      data: new Uint8Array(input.bytes),
      cMapUrl: join(pdfjsRoot, 'cmaps') + '/',
      cMapPacked: true,
      standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/',
      wasmUrl: join(pdfjsRoot, 'wasm') + '/',
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    });
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
      const info = (await pdf.getMetadata().catch(() => undefined))?.info as Record<string, unknown> | undefined;
      const meta = ['Title', 'Subject', 'Keywords', 'Author'].map((k) => info?.[k]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
      const imageOps = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat]);
      for (let n = 1; n <= pdf.numPages; n++) {
        ctx.signal.throwIfAborted();
        const page = await pdf.getPage(n);
        const { width, height } = page.getViewport({ scale: 1 });
        const content = await page.getTextContent();
        const items: Item[] = [];
        for (const it of content.items) {
          if (!('str' in it)) continue;
          const [a, b, , , e, f] = it.transform as number[];
          items.push({ str: it.str, x: e!, y: f!, w: it.width, h: it.height || Math.hypot(a!, b!) });
        }
        const lines = itemsToLines(items, height, ctx.limits.headerLines);
        const chars = lines.reduce((sum, l) => sum + l.text.replace(/\s/g, '').length, 0);
        let signals: RedSignal[] | undefined;
        if (chars < scannedBelow) {
          const ops = await page.getOperatorList();
          if (ops.fnArray.some((fn) => imageOps.has(fn))) {
            if (!ctx.ocr) doc.problems.push({ code: 'unsupported-format', detail: `page ${n} is a scanned image, and OCR is disabled` });
            else {
              const scanned = await ocrPage(pdf, page, ctx);
              lines.push(...scanned.lines);
              signals = scanned.signals;
            }
          }
        }
        doc.pages.push({ number: n, width, height, lines, signals });
        page.cleanup();
      }
      if (meta.length && doc.pages[0]) doc.pages[0].lines.push(...meta.map((text) => ({ text, origin: 'metadata' as const, zone: 'body' as const })));
      return doc;
    } finally {
      await pdf.destroy();
    }
  },
};
