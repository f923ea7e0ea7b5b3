import { PDFContext, PDFDocument, PDFNull, PDFObjectCopier, PDFRef } from 'pdf-lib';
import { removeTextUnder, type Rect } from '../../requests/literature/knockout.ts';
import { normaliseDocument } from '../../requests/literature/normalise.ts';
import { contentKey } from './font.ts';
import { LETTER_H, LETTER_W } from './geometry.ts';
import { MergeError } from './types.ts';

/**
 * The candidate's literature, serialized once as objects 1..K: one form XObject per page (with everything its
 * resources reach: images, fonts) and nothing else. Every batch file starts with these same bytes; each piece's
 * pages then draw the forms by reference, so images exist once per file, never once per member.
 */
export type LiteraturePrefix = {
  bytes: Uint8Array;
  objects: Array<{ num: number; offset: number }>;
  /** Object number of the form XObject for each literature page, and the page's size in points. */
  pages: Array<{ form: number; width: number; height: number }>;
};

const cache = new Map<string, Promise<LiteraturePrefix>>();

/**
 * Cached per process by content hash: a worker builds it once per job, not once per batch. `knockout` is the envelope
 * window on the Letter sheet (window mode): the text of literature page 1 under it is taken out (knockout.ts).
 */
export function literaturePrefix(literature: Uint8Array, knockout?: Rect): Promise<LiteraturePrefix> {
  const key = contentKey(literature) + JSON.stringify(knockout ?? null);
  let p = cache.get(key);
  if (!p) {
    p = buildPrefix(literature, knockout);
    p.catch(() => cache.delete(key));
    if (cache.size > 4) cache.clear();
    cache.set(key, p);
  }
  return p;
}

/** A rectangle of the Letter sheet in page 1's own coordinates (write-batch scales a page to fit and centres it). */
function onPage(r: Rect, size: { width: number; height: number }): Rect {
  const s = Math.min(LETTER_W / size.width, LETTER_H / size.height);
  const tx = (LETTER_W - size.width * s) / 2;
  const ty = (LETTER_H - size.height * s) / 2;
  return { x: (r.x - tx) / s, y: (r.y - ty) / s, w: r.w / s, h: r.h / s };
}

async function buildPrefix(literature: Uint8Array, knockout?: Rect): Promise<LiteraturePrefix> {
  let src: PDFDocument;
  try {
    src = await PDFDocument.load(literature, { updateMetadata: false });
    // Upright, portrait, trimmed: the objects the proof was drawn from (a no-op for literature stored since intake
    // normalises it; literature stored before is normalised here the same way).
    normaliseDocument(src);
    if (knockout && src.getPageCount() > 0) await removeTextUnder(src, 0, onPage(knockout, src.getPage(0).getSize()));
  } catch (e) {
    throw new MergeError('merge.literatureUnreadable', 'The literature PDF could not be read.', { reason: (e as Error).name });
  }
  const srcPages = src.getPages();
  if (srcPages.length === 0) throw new MergeError('merge.literatureEmpty', 'The literature PDF has no pages.');
  const tmp = await PDFDocument.create({ updateMetadata: false });
  const embedded = await tmp.embedPages(srcPages);
  await tmp.flush();

  // Copy only what the forms reach into a fresh context: numbering 1..K with no gaps and no orphans
  // (embedPages leaves the original content streams behind in `tmp`).
  const out = PDFContext.create();
  const copier = PDFObjectCopier.for(tmp.context, out);
  const forms = embedded.map((e) => copier.copy(e.ref).objectNumber);
  for (let n = 1; n <= out.largestObjectNumber; n++) {
    const ref = PDFRef.of(n);
    if (!out.lookup(ref)) out.assign(ref, PDFNull); // a dangling reference in the source
  }

  const parts: Uint8Array[] = [];
  const objects: Array<{ num: number; offset: number }> = [];
  let offset = 0;
  for (const [ref, obj] of out.enumerateIndirectObjects()) {
    const head = Buffer.from(`${ref.objectNumber} 0 obj\n`, 'latin1');
    const body = new Uint8Array(obj.sizeInBytes());
    obj.copyBytesInto(body, 0);
    const tail = Buffer.from('\nendobj\n', 'latin1');
    objects.push({ num: ref.objectNumber, offset });
    parts.push(head, body, tail);
    offset += head.length + body.length + tail.length;
  }
  return {
    bytes: Buffer.concat(parts),
    objects,
    pages: embedded.map((e, i) => ({ form: forms[i] as number, width: e.width, height: e.height })),
  };
}
