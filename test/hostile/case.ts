/**
 * One file of the hostile-document corpus: a way a reader can see a mark that
 * a naive reading misses (`marked: true`, must be refused for the mark), or
 * its clean twin built the same way without the mark (`marked: false`, must
 * be allowed).
 */
export interface HostileCase {
  /** Unique, file-name safe: `<class>/<variant>[-clean]`. */
  id: string;
  class: 'html' | 'wordpress' | 'office' | 'pdf' | 'metadata';
  variant: string;
  marked: boolean;
  /** File name it is uploaded as (its extension is only a hint: content is sniffed). */
  file: string;
  bytes: Buffer;
  /** Content-Type it is sent with; HTML bodies are posts (`text/html`). */
  declaredType?: string;
}

/** A marked case and its clean twin from one builder: `build(mark)` gets the mark or a harmless line of the same length. */
export async function twins(
  klass: HostileCase['class'],
  variant: string,
  file: string,
  build: (mark: string) => Buffer | Promise<Buffer>,
  declaredType?: string,
): Promise<HostileCase[]> {
  return [
    { id: `${klass}/${variant}`, class: klass, variant, marked: true, file, bytes: await build(markText), declaredType },
    { id: `${klass}/${variant}-clean`, class: klass, variant, marked: false, file, bytes: await build(cleanText), declaredType },
  ];
}

/** The mark every marked case carries, and what the clean twin carries in its place. */
export const markText = '秘密★1年';
export const cleanText = '第一季度';
