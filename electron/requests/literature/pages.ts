// Walks the page tree ourselves instead of pdf-lib's getPages(): a hostile tree may loop or lie in /Count, and we
// must count pages and read sizes (with inherited boxes) without trusting either.
import { PDFArray, PDFDict, PDFName, PDFNumber } from 'pdf-lib';
import type { PDFContext, PDFObject } from 'pdf-lib';

export type PageBox = { widthPt: number; heightPt: number };
/** x0 y0 x1 y1 in the page's default user space, normalised so x0 < x1 and y0 < y1. */
export type Rect = [number, number, number, number];

/**
 * One page as it prints. `page` is the box that becomes the sheet: the TrimBox when the file has one (a PDF/X file
 * with bleed), else the CropBox, each clipped to the MediaBox (PDF 32000-1 §14.11.2). `rotate` is /Rotate reduced to
 * 0, 90, 180 or 270 (clockwise, as the page is displayed); `unit` is /UserUnit. `size` is the box as displayed:
 * rotated and scaled.
 */
export type PageInfo = {
  dict: PDFDict;
  media: Rect;
  page: Rect;
  rotate: 0 | 90 | 180 | 270;
  unit: number;
  resources: PDFObject | undefined;
  size: PageBox;
};
export type PageTree = { pages: PDFDict[]; sizes: PageBox[]; info: PageInfo[]; nodes: PDFDict[] };

export class PageTreeError extends Error {}

const MAX_DEPTH = 64;
const K = {
  Kids: PDFName.of('Kids'),
  Count: PDFName.of('Count'),
  MediaBox: PDFName.of('MediaBox'),
  CropBox: PDFName.of('CropBox'),
  TrimBox: PDFName.of('TrimBox'),
  Rotate: PDFName.of('Rotate'),
  Resources: PDFName.of('Resources'),
  UserUnit: PDFName.of('UserUnit'),
};

// MediaBox, CropBox, Rotate and Resources are inheritable (PDF 32000-1 Table 30); TrimBox is not.
type Inherited = { media?: PDFObject; crop?: PDFObject; rotate?: PDFObject; resources?: PDFObject };

/** Leaves in document order; repairs each node's /Count to what it really holds. Throws PageTreeError on loops. */
export function walkPageTree(context: PDFContext, root: PDFDict): PageTree {
  const pages: PDFDict[] = [];
  const sizes: PageBox[] = [];
  const info: PageInfo[] = [];
  const nodes: PDFDict[] = [];
  const seen = new Set<PDFDict>();

  const visit = (node: PDFDict, inherited: Inherited, depth: number): number => {
    if (seen.has(node)) throw new PageTreeError('page tree loops');
    if (depth > MAX_DEPTH) throw new PageTreeError('page tree too deep');
    seen.add(node);
    const here: Inherited = {
      media: node.get(K.MediaBox) ?? inherited.media,
      crop: node.get(K.CropBox) ?? inherited.crop,
      rotate: node.get(K.Rotate) ?? inherited.rotate,
      resources: node.get(K.Resources) ?? inherited.resources,
    };
    const kids = context.lookup(node.get(K.Kids));
    // A node with /Kids is an intermediate node whatever its /Type says; anything else is a leaf.
    if (!(kids instanceof PDFArray)) {
      const p = pageInfo(context, node, here);
      pages.push(node);
      sizes.push(p.size);
      info.push(p);
      return 1;
    }
    nodes.push(node);
    let count = 0;
    for (let i = 0; i < kids.size(); i++) {
      const kid = context.lookup(kids.get(i));
      if (!(kid instanceof PDFDict)) throw new PageTreeError('page tree kid is not a dictionary');
      count += visit(kid, here, depth + 1);
    }
    node.set(K.Count, PDFNumber.of(count));
    return count;
  };

  visit(root, {}, 0);
  return { pages, sizes, info, nodes };
}

/** A box smaller than a point either way is a mistake in the file, not a page: it is ignored. */
const usable = (r: Rect | undefined): r is Rect => r !== undefined && r[2] - r[0] >= 1 && r[3] - r[1] >= 1;

function intersect(a: Rect, b: Rect): Rect | undefined {
  const r: Rect = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return usable(r) ? r : undefined;
}

function pageInfo(context: PDFContext, page: PDFDict, inherited: Inherited): PageInfo {
  const media = readRect(context, inherited.media);
  if (!usable(media)) throw new PageTreeError('page has no media box');
  const crop = readRect(context, inherited.crop);
  const cropped = (usable(crop) ? intersect(crop, media) : undefined) ?? media;
  const trim = readRect(context, page.get(K.TrimBox));
  const box = (usable(trim) ? intersect(trim, cropped) : undefined) ?? cropped;
  const unitObj = context.lookup(page.get(K.UserUnit));
  const unit = unitObj instanceof PDFNumber && unitObj.asNumber() > 0 ? unitObj.asNumber() : 1;
  const rotObj = context.lookup(inherited.rotate);
  // /Rotate must be a multiple of 90 (§7.7.3.3); anything else is read as the nearest quarter turn, as readers do.
  const raw = rotObj instanceof PDFNumber ? Math.round(rotObj.asNumber() / 90) * 90 : 0;
  const rotate = (((raw % 360) + 360) % 360) as 0 | 90 | 180 | 270;
  const w = (box[2] - box[0]) * unit;
  const h = (box[3] - box[1]) * unit;
  const size = rotate === 90 || rotate === 270 ? { widthPt: h, heightPt: w } : { widthPt: w, heightPt: h };
  return { dict: page, media, page: box, rotate, unit, resources: inherited.resources, size };
}

function readRect(context: PDFContext, value: PDFObject | undefined): Rect | undefined {
  const arr = context.lookup(value);
  if (!(arr instanceof PDFArray) || arr.size() !== 4) return undefined;
  const nums: number[] = [];
  for (let i = 0; i < 4; i++) {
    const n = context.lookup(arr.get(i));
    if (!(n instanceof PDFNumber)) return undefined;
    nums.push(n.asNumber());
  }
  const [a, b, c, d] = nums as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}
