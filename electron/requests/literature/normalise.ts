// Literature normalised to what prints (issue 15 §3). After this, every page is upright and portrait, its MediaBox is
// [0 0 w h] and is the page: no /Rotate, no CropBox, TrimBox, BleedBox or ArtBox, no /UserUnit, no annotations. What
// the file showed is kept as a form XObject (clipped by its BBox to the trimmed page) drawn through one matrix that
// applies the rotation, and turns a landscape page a quarter turn. The proof and the merge both start from these
// objects, so the candidate signs off exactly what prints: a viewer honours /Rotate and the CropBox, pdf-lib's
// embedPage (the merge) honours neither and drew /Rotate 90 pages sideways at 77 % and bleed files with their crop
// marks at 94 %.
import { decodePDFRawStream, PDFArray, PDFContentStream, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFStream } from 'pdf-lib';
import type { PDFContext, PDFDocument, PDFObject } from 'pdf-lib';
import { walkPageTree, type PageInfo, type PageTree, type Rect } from './pages.ts';

/**
 * The election's technical rule for what a file carries around its page. 'trim' (the default, also for elections saved
 * before the rule): bleed and crop marks outside the TrimBox/CropBox are cut off. 'refuse': a file with anything
 * outside the page is refused, asking for an export without bleed and marks.
 */
export type BleedRule = 'trim' | 'refuse';
/**
 * 'turn' (the default): a landscape page is turned a quarter turn anticlockwise (its top to the sheet's left edge, as
 * printer drivers place landscape) and printed full size on the portrait sheet; the proof shows it so. 'refuse': a
 * landscape page is refused, naming it.
 */
export type LandscapeRule = 'turn' | 'refuse';
export type ShapeRules = { bleed?: BleedRule | undefined; landscape?: LandscapeRule | undefined };

export type NormaliseResult =
  | { ok: true; changed: number; annotations: boolean }
  | { ok: false; code: 'literature.bleedNotAllowed' | 'literature.landscapeNotAllowed' | 'literature.damaged'; details: Record<string, unknown> };

/** What a box edge may differ by and still be "the same" (authoring tools round to a point or less). */
const EDGE_PT = 1;
/** The sheet is portrait unless its width exceeds its height by more than this. */
const SQUARE_PT = 2;

const N = (s: string): PDFName => PDFName.of(s);
const BOX_KEYS = ['CropBox', 'TrimBox', 'BleedBox', 'ArtBox'].map(N);
const INHERITED_KEYS = ['MediaBox', 'CropBox', 'Rotate', 'Resources'].map(N);
/** Name of the form that holds each page's original drawing; pages get their own resources, so it cannot collide. */
export const PAGE_FORM = 'LitDeskPage';

type Matrix = [number, number, number, number, number, number];
/** `first` applied to a point, then `then` (PDF's left-to-right concatenation). */
const concat = (f: Matrix, t: Matrix): Matrix => [
  f[0] * t[0] + f[1] * t[2], f[0] * t[1] + f[1] * t[3],
  f[2] * t[0] + f[3] * t[2], f[2] * t[1] + f[3] * t[3],
  f[4] * t[0] + f[5] * t[2] + t[4], f[4] * t[1] + f[5] * t[3] + t[5],
];
/** A quarter/half turn of a w x h area, clockwise as /Rotate counts, landing back in the positive quadrant. */
function turn(deg: 0 | 90 | 180 | 270, w: number, h: number): Matrix {
  if (deg === 90) return [0, -1, 1, 0, 0, w];
  if (deg === 180) return [-1, 0, 0, -1, w, h];
  if (deg === 270) return [0, 1, -1, 0, h, 0];
  return [1, 0, 0, 1, 0, 0];
}
const fmt = (n: number): string => {
  const r = Math.round(n * 10000) / 10000;
  return Object.is(r, -0) ? '0' : String(r);
};

export type PagePlan = { matrix: Matrix; width: number; height: number; turned: boolean; bleed: boolean };

/** Where a page's drawing goes on the normalised page, and that page's size. Pure: the tests read it. */
export function planPage(p: Pick<PageInfo, 'media' | 'page' | 'rotate' | 'unit'>, landscape: LandscapeRule = 'turn'): PagePlan {
  const [x0, y0, x1, y1] = p.page;
  const w = (x1 - x0) * p.unit;
  const h = (y1 - y0) * p.unit;
  let m: Matrix = [p.unit, 0, 0, p.unit, -x0 * p.unit, -y0 * p.unit];
  m = concat(m, turn(p.rotate, w, h));
  let [width, height] = p.rotate === 90 || p.rotate === 270 ? [h, w] : [w, h];
  const turned = landscape === 'turn' && width > height + SQUARE_PT;
  if (turned) {
    m = concat(m, turn(270, width, height));
    [width, height] = [height, width];
  }
  const bleed = outside(p.media, p.page);
  return { matrix: m, width, height, turned, bleed };
}

const outside = (media: Rect, page: Rect): boolean =>
  page[0] - media[0] > EDGE_PT || page[1] - media[1] > EDGE_PT || media[2] - page[2] > EDGE_PT || media[3] - page[3] > EDGE_PT;

/** True when the page is already what prints, so normalising twice changes nothing (the proof's SHA-256 stays put). */
function alreadyNormal(p: PageInfo): boolean {
  const d = p.dict;
  return p.rotate === 0 && p.unit === 1 && p.media[0] === 0 && p.media[1] === 0 && !outside(p.media, p.page) &&
    p.media[2] <= p.media[3] + SQUARE_PT && BOX_KEYS.every((k) => d.get(k) === undefined) && d.get(N('Rotate')) === undefined &&
    d.get(N('Annots')) === undefined && d.get(N('MediaBox')) !== undefined && d.get(N('Resources')) !== undefined &&
    d.get(N('Contents')) !== undefined;
}

/**
 * Normalises every page in place. Refusals follow the election's rules and name the first page concerned (1-based);
 * nothing is changed when the result is a refusal.
 */
export function normalisePages(context: PDFContext, tree: PageTree, rules: ShapeRules = {}): NormaliseResult {
  const landscape = rules.landscape ?? 'turn';
  const plans = tree.info.map((p) => planPage(p, landscape));
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i] as PagePlan;
    const p = tree.info[i] as PageInfo;
    if (landscape === 'refuse' && plan.width > plan.height + SQUARE_PT) {
      return { ok: false, code: 'literature.landscapeNotAllowed', details: { page: i + 1 } };
    }
    if (rules.bleed === 'refuse' && plan.bleed) {
      const inches = (pt: number): number => Math.round((pt / 72) * 100) / 100;
      return { ok: false, code: 'literature.bleedNotAllowed', details: {
        page: i + 1,
        fileIn: { widthIn: inches((p.media[2] - p.media[0]) * p.unit), heightIn: inches((p.media[3] - p.media[1]) * p.unit) },
        pageIn: { widthIn: inches((p.page[2] - p.page[0]) * p.unit), heightIn: inches((p.page[3] - p.page[1]) * p.unit) },
      } };
    }
  }
  let changed = 0;
  let annotations = false;
  for (let i = 0; i < plans.length; i++) {
    const p = tree.info[i] as PageInfo;
    if (alreadyNormal(p)) continue;
    const plan = plans[i] as PagePlan;
    let body: Uint8Array;
    try {
      body = pageContents(context, p.dict);
    } catch {
      return { ok: false, code: 'literature.damaged', details: { reason: `page ${i + 1} content cannot be read` } };
    }
    const resources = context.lookup(p.resources);
    const form = context.flateStream(body, {
      Type: 'XObject', Subtype: 'Form', FormType: 1,
      BBox: p.page.map((n) => PDFNumber.of(n)),
      Resources: resources instanceof PDFDict ? p.resources : context.obj({}),
    });
    const formRef = context.register(form);
    const m = plan.matrix.map(fmt).join(' ');
    const draw = context.flateStream(`q ${m} cm /${PAGE_FORM} Do Q\n`);
    const d = p.dict;
    if (d.get(N('Annots')) !== undefined) {
      // The merge draws pages as forms, which carry no annotations: whatever an annotation shows never prints, so the
      // proof must not show it either.
      const a = context.lookup(d.get(N('Annots')));
      if (a instanceof PDFArray && a.size() > 0) annotations = true;
      d.delete(N('Annots'));
    }
    for (const k of BOX_KEYS) d.delete(k);
    d.delete(N('Rotate'));
    d.delete(N('UserUnit'));
    d.set(N('MediaBox'), context.obj([0, 0, fmtNum(plan.width), fmtNum(plan.height)]));
    d.set(N('Resources'), context.obj({ XObject: { [PAGE_FORM]: formRef } }));
    d.set(N('Contents'), context.register(draw));
    changed++;
  }
  // Every leaf now states its own box and resources and has no rotation (pages left as they were are upright);
  // parents' values would only mislead a reader.
  if (changed > 0) {
    for (const node of tree.nodes) for (const k of INHERITED_KEYS) node.delete(k);
    for (const p of tree.info) {
      const d = p.dict;
      if (d.get(N('MediaBox')) === undefined) d.set(N('MediaBox'), context.obj(p.media.map((n) => PDFNumber.of(n))));
      if (d.get(N('Resources')) === undefined) d.set(N('Resources'), p.resources ?? context.obj({}));
    }
  }
  return { ok: true, changed, annotations };
}

const fmtNum = (n: number): number => Math.round(n * 10000) / 10000;

/** The page's content streams decoded and joined (a page may split its drawing over an array of streams). */
function pageContents(context: PDFContext, page: PDFDict): Uint8Array {
  const c = context.lookup(page.get(N('Contents')));
  const streams: PDFObject[] = c instanceof PDFArray ? c.asArray() : c === undefined ? [] : [c];
  const parts: Uint8Array[] = [];
  for (const s of streams) {
    const stream = context.lookup(s);
    if (stream instanceof PDFRawStream) parts.push(decodePDFRawStream(stream).decode());
    else if (stream instanceof PDFContentStream) parts.push(stream.getUnencodedContents());
    else if (stream instanceof PDFStream) parts.push(stream.getContents());
    else throw new Error('content is not a stream');
    parts.push(Uint8Array.of(10));
  }
  return Buffer.concat(parts);
}

/**
 * The same normalisation on a loaded document, for the proof and the merge: literature stored before this rule is
 * normalised where it is used (trimmed, landscape turned), and literature stored since is already normal and is left
 * byte for byte as it is. Call before anything asks pdf-lib for the document's pages. Throws on a file it cannot read.
 */
export function normaliseDocument(doc: PDFDocument): void {
  const pages = doc.context.lookup(doc.catalog.get(N('Pages')));
  if (!(pages instanceof PDFDict)) throw new Error('no page tree');
  const r = normalisePages(doc.context, walkPageTree(doc.context, pages));
  if (!r.ok) throw new Error(r.code);
}
