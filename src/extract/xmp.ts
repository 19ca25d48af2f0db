import { Parser } from 'htmlparser2';
import { decodeText } from './charset.js';

/** Names that are structure, not values: the packet wrapper, RDF itself, languages and namespace declarations. */
const structural = /^(?:xmlns(?::|$)|rdf:|xml:|x:)/;

/** An embedded thumbnail (xmpGImg:image): base64, not words. */
const isBase64Blob = (text: string) => text.length > 256 && /^[A-Za-z0-9+/=\s]+$/.test(text);

/**
 * Every text value in an XMP packet, each on its own: element text (each
 * `rdf:li` of dc:title, dc:description, dc:subject …, pdf:Keywords; CDATA
 * included) and simple properties written as attributes of rdf:Description
 * (`pdf:Keywords="…"`), which XMP allows and pdfjs's own parser skips.
 * Malformed packets are read as far as they go.
 */
export function xmpValues(xml: string): string[] {
  const values: string[] = [];
  let text = '';
  const flush = () => {
    // Line breaks are kept: a value's lines are read as lines.
    const value = text.trim();
    if (value && !isBase64Blob(value)) values.push(value);
    text = '';
  };
  const parser = new Parser(
    {
      onopentag(_name, attributes) {
        flush();
        for (const [name, value] of Object.entries(attributes)) if (!structural.test(name) && value.trim()) values.push(value.trim());
      },
      ontext(data) {
        text += data;
      },
      onclosetag: flush,
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  flush();
  return values;
}

/** The same, from the packet's bytes (UTF-8 or a BOM'd UTF-16). */
export const readXmp = (bytes: Buffer): string[] => xmpValues(decodeText(bytes));
