// Image and colour preflight at intake (issue 15 §7): uniform technical rules of the election, shown with the rate
// card, applied the same way to every candidate and reported before the quote in plain words. Measures only: pixels
// per printed inch of each placed image, and whether anything is painted in a colour that is not grey.
import { PDFDict, PDFName } from 'pdf-lib';
import type { PDFContext } from 'pdf-lib';
import { decoded, effectiveDpi, walkContent, type PlacedImage } from './content.ts';
import type { PageTree } from './pages.ts';

/**
 * Images smaller than this many pixels either way are rules, fills and dots (a 1 x 1 pixel stretched over a
 * background prints as a flat colour, at any size), not pictures: the resolution rule does not apply to them.
 */
export const MIN_PICTURE_PX = 8;

export type PreflightRules = { colour: boolean; minImageDpi?: number | undefined };
export type PreflightResult =
  | { ok: true; images: number; lowestDpi: number | null }
  | { ok: false; code: 'literature.imageResolutionTooLow' | 'literature.colourNotAllowed'; details: Record<string, unknown> };

export function preflightPages(context: PDFContext, tree: PageTree, rules: PreflightRules): PreflightResult {
  let images = 0;
  let lowest: { dpi: number; page: number } | null = null;
  let colourPage = 0;
  tree.pages.forEach((page, i) => {
    const res = context.lookup(page.get(PDFName.of('Resources')));
    const c = context.lookup(page.get(PDFName.of('Contents')));
    const streams = c && 'asArray' in c && typeof c.asArray === 'function' ? (c.asArray() as unknown[]) : [c];
    const parts: Uint8Array[] = [];
    for (const s of streams) {
      const body = decoded(context.lookup(s as Parameters<PDFContext['lookup']>[0]));
      if (body) parts.push(body, Uint8Array.of(10));
    }
    walkContent(context, Buffer.concat(parts), res instanceof PDFDict ? res : undefined, i + 1, {
      image: (img: PlacedImage) => {
        if (img.colour && !colourPage) colourPage = img.page;
        if (img.widthPx < MIN_PICTURE_PX || img.heightPx < MIN_PICTURE_PX) return;
        images++;
        const dpi = effectiveDpi(img);
        if (!lowest || dpi < lowest.dpi) lowest = { dpi, page: img.page };
      },
      colour: (p) => { if (!colourPage) colourPage = p; },
    });
  });
  const low = lowest as { dpi: number; page: number } | null;
  if (rules.minImageDpi && low && low.dpi < rules.minImageDpi) {
    return { ok: false, code: 'literature.imageResolutionTooLow', details: { page: low.page, dpi: Math.floor(low.dpi), min: rules.minImageDpi } };
  }
  if (!rules.colour && colourPage) return { ok: false, code: 'literature.colourNotAllowed', details: { page: colourPage } };
  return { ok: true, images, lowestDpi: low ? Math.floor(low.dpi) : null };
}
