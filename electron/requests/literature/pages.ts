// Walks the page tree ourselves instead of pdf-lib's getPages(): a hostile tree may loop or lie in /Count, and we
// must count pages and read sizes (with inherited boxes) without trusting either.
import { PDFArray, PDFDict, PDFName, PDFNumber } from 'pdf-lib';
import type { PDFContext, PDFObject } from 'pdf-lib';

export type PageBox = { widthPt: number; heightPt: number };
export type PageTree = { pages: PDFDict[]; sizes: PageBox[] };

export class PageTreeError extends Error {}

const MAX_DEPTH = 64;
const K = {
  Kids: PDFName.of('Kids'),
  Count: PDFName.of('Count'),
  MediaBox: PDFName.of('MediaBox'),
  CropBox: PDFName.of('CropBox'),
  UserUnit: PDFName.of('UserUnit'),
};

type Inherited = { media?: PDFObject; crop?: PDFObject };

/** Leaves in document order; repairs each node's /Count to what it really holds. Throws PageTreeError on loops. */
export function walkPageTree(context: PDFContext, root: PDFDict): PageTree {
  const pages: PDFDict[] = [];
  const sizes: PageBox[] = [];
  const seen = new Set<PDFDict>();

  const visit = (node: PDFDict, inherited: Inherited, depth: number): number => {
    if (seen.has(node)) throw new PageTreeError('page tree loops');
    if (depth > MAX_DEPTH) throw new PageTreeError('page tree too deep');
    seen.add(node);
    const here: Inherited = {
      media: node.get(K.MediaBox) ?? inherited.media,
      crop: node.get(K.CropBox) ?? inherited.crop,
    };
    const kids = context.lookup(node.get(K.Kids));
    // A node with /Kids is an intermediate node whatever its /Type says; anything else is a leaf.
    if (!(kids instanceof PDFArray)) {
      pages.push(node);
      sizes.push(pageBox(context, node, here));
      return 1;
    }
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
  return { pages, sizes };
}

// The printed sheet is the crop box when there is one (PDF 32000-1 §14.11.2), scaled by /UserUnit (PDF 1.6).
function pageBox(context: PDFContext, page: PDFDict, inherited: Inherited): PageBox {
  const box = readRect(context, inherited.crop) ?? readRect(context, inherited.media);
  if (!box) throw new PageTreeError('page has no media box');
  const unitObj = context.lookup(page.get(K.UserUnit));
  const unit = unitObj instanceof PDFNumber && unitObj.asNumber() > 0 ? unitObj.asNumber() : 1;
  return { widthPt: Math.abs(box[2] - box[0]) * unit, heightPt: Math.abs(box[3] - box[1]) * unit };
}

function readRect(context: PDFContext, value: PDFObject | undefined): [number, number, number, number] | undefined {
  const arr = context.lookup(value);
  if (!(arr instanceof PDFArray) || arr.size() !== 4) return undefined;
  const nums: number[] = [];
  for (let i = 0; i < 4; i++) {
    const n = context.lookup(arr.get(i));
    if (!(n instanceof PDFNumber)) return undefined;
    nums.push(n.asNumber());
  }
  return nums as [number, number, number, number];
}
