// Literature intake: checks only the election's uniform technical rules and removes active content. The committee
// may refuse literature only for uniform technical reasons and must never judge its content (29 CFR 452.70), so
// nothing here reads text or judges images: the preflight measures pixels per inch and colour spaces only, against
// the election's published rules (black and white only, a minimum image resolution).
import { createHash } from 'node:crypto';
import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { dropUnreachable, removeActiveContent } from './clean.ts';
import { normalisePages, type BleedRule, type LandscapeRule } from './normalise.ts';
import { PageTreeError, walkPageTree } from './pages.ts';
import { preflightPages } from './preflight.ts';
import { findActiveNames } from './scan.ts';
import type { ErrorCode } from '../../../shared/api/error-codes.ts';

export type PageSizeName = 'letter' | 'legal' | 'a4';
export type LiteratureRules = {
  pageSize: PageSizeName; maxPages: number; colour: boolean; fontsEmbedded?: boolean | undefined; maxBytes?: number;
  bleed?: BleedRule | undefined; landscape?: LandscapeRule | undefined;
  /** Images must print at this many pixels per inch or more (absent or 0: not checked). */
  minImageDpi?: number | undefined;
};
export type IntakeResult =
  | { ok: true; cleaned: Uint8Array; pages: number; removed: string[]; sha256: string }
  | { ok: false; code: ErrorCode; details: Record<string, unknown> };

/** Parsing is the costly step (pdf-lib holds every object in memory); a 50 MB file takes seconds, not minutes. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

// Points (1/72 in), portrait. A4 is 210 x 297 mm.
export const PAGE_SIZES: Record<PageSizeName, { widthPt: number; heightPt: number }> = {
  letter: { widthPt: 612, heightPt: 792 },
  legal: { widthPt: 612, heightPt: 1008 },
  a4: { widthPt: 595.28, heightPt: 841.89 },
};

/** ±2 pt absorbs rounding in authoring tools (A4 is often 595 x 842) without letting a different sheet through. */
export const SIZE_TOLERANCE_PT = 2;

const refuse = (code: ErrorCode, details: Record<string, unknown> = {}): IntakeResult => ({ ok: false, code, details });
const inches = (pt: number): number => Math.round((pt / 72) * 100) / 100;

export async function checkLiterature(bytes: Uint8Array, rules: LiteratureRules): Promise<IntakeResult> {
  const maxBytes = rules.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) return refuse('literature.tooLarge', { bytes: bytes.length, max: maxBytes });
  if (!hasPdfHeader(bytes)) return refuse('literature.notPdf');
  // A file cut short loses its trailer; pdf-lib would happily rebuild a partial document from what is left.
  if (!hasEofMarker(bytes)) return refuse('literature.damaged', { reason: 'truncated' });

  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: false, updateMetadata: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError || mentionsEncrypt(bytes)) return refuse('literature.encrypted');
    return refuse('literature.damaged', { reason: 'unparseable' });
  }
  const context = doc.context;
  // Belt and braces: pdf-lib throws on /Encrypt, but we never want to store a file we could not read.
  if (context.trailerInfo.Encrypt !== undefined) return refuse('literature.encrypted');

  const catalog = context.lookup(context.trailerInfo.Root);
  const root = catalog instanceof PDFDict ? context.lookup(catalog.get(PDFName.of('Pages'))) : undefined;
  if (!(catalog instanceof PDFDict) || !(root instanceof PDFDict)) {
    return refuse('literature.damaged', { reason: 'no page tree' });
  }

  let tree;
  try {
    tree = walkPageTree(context, root);
  } catch (error) {
    if (error instanceof PageTreeError) return refuse('literature.damaged', { reason: error.message });
    throw error;
  }
  const pages = tree.pages.length;
  if (pages === 0) return refuse('literature.noPages');
  if (pages > rules.maxPages) return refuse('literature.tooManyPages', { pages, max: rules.maxPages });

  const expected = PAGE_SIZES[rules.pageSize];
  for (let i = 0; i < tree.sizes.length; i++) {
    const size = tree.sizes[i] as { widthPt: number; heightPt: number };
    if (!fitsSheet(size, expected)) {
      return refuse('literature.wrongPageSize', {
        page: i + 1,
        found: { widthIn: inches(size.widthPt), heightIn: inches(size.heightPt) },
        expected: rules.pageSize,
        expectedIn: { widthIn: inches(expected.widthPt), heightIn: inches(expected.heightPt) },
      });
    }
  }

  const removed = removeActiveContent(context, catalog);
  // What is stored is what prints: upright, portrait, the trimmed page as the MediaBox (see normalise.ts).
  const shaped = normalisePages(context, tree, { bleed: rules.bleed, landscape: rules.landscape });
  if (!shaped.ok) return refuse(shaped.code, shaped.details);
  // Measured on the normalised pages: the size an image prints at is the size on the sheet.
  const pre = preflightPages(context, tree, { colour: rules.colour, minImageDpi: rules.minImageDpi });
  if (!pre.ok) return refuse(pre.code, pre.details);
  dropUnreachable(context);
  // A technical rule, not a judgement of content: a font the file only names (Helvetica, Arial) prints in whatever
  // the mail house's RIP substitutes, with other widths, so text can reflow or overprint. Fonts are listed by name.
  if (rules.fontsEmbedded) {
    const missing = fontsNotEmbedded(context);
    if (missing.length > 0) return refuse('literature.fontsNotEmbedded', { fonts: missing.join(', ') });
  }
  const cleaned = await doc.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
    objectsPerTick: Number.POSITIVE_INFINITY,
  });
  const left = findActiveNames(cleaned);
  // Not expected to happen; if it does we refuse rather than store a file we could not prove inert.
  if (left.length > 0) return refuse('literature.activeContent', { names: left });

  const sha256 = createHash('sha256').update(cleaned).digest('hex');
  return { ok: true, cleaned, pages, removed, sha256 };
}

// Either orientation: the rule is the sheet of paper. A landscape page is turned onto the portrait sheet (and the proof
// shows it so) or refused, as the election's landscape rule says (normalise.ts).
function fitsSheet(found: { widthPt: number; heightPt: number }, sheet: { widthPt: number; heightPt: number }): boolean {
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= SIZE_TOLERANCE_PT;
  return (
    (near(found.widthPt, sheet.widthPt) && near(found.heightPt, sheet.heightPt)) ||
    (near(found.widthPt, sheet.heightPt) && near(found.heightPt, sheet.widthPt))
  );
}

const latin1 = (bytes: Uint8Array, start: number, end: number): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);

// Readers accept the header anywhere in the first 1024 bytes (PDF 32000-1 Annex H.3 note); so do we.
function hasPdfHeader(bytes: Uint8Array): boolean {
  return latin1(bytes, 0, Math.min(bytes.length, 1024)).includes('%PDF-');
}

function hasEofMarker(bytes: Uint8Array): boolean {
  return latin1(bytes, Math.max(0, bytes.length - 1024), bytes.length).includes('%%EOF');
}

function mentionsEncrypt(bytes: Uint8Array): boolean {
  return /\/Encrypt[\s/<[(>]/.test(latin1(bytes, 0, bytes.length));
}

const FONT_FILES = ['FontFile', 'FontFile2', 'FontFile3'].map((n) => PDFName.of(n));

/** Base names of the fonts (still reachable after cleaning) whose glyphs are not in the file; Type3 fonts always are. */
export function fontsNotEmbedded(context: PDFDocument['context']): string[] {
  const names = new Set<string>();
  const nameOf = (font: PDFDict): string => {
    const base = font.get(PDFName.of('BaseFont'));
    return base instanceof PDFName ? base.decodeText().replace(/^[A-Z]{6}\+/, '') : 'unnamed font';
  };
  const embedded = (font: PDFDict): boolean => {
    const d = context.lookup(font.get(PDFName.of('FontDescriptor')));
    return d instanceof PDFDict && FONT_FILES.some((k) => d.get(k) !== undefined);
  };
  for (const [, obj] of context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = obj.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('Type3')) continue;
    if (subtype === PDFName.of('Type0')) {
      const kids = context.lookup(obj.get(PDFName.of('DescendantFonts')));
      const kid = kids instanceof PDFArray ? context.lookup(kids.get(0)) : undefined;
      if (!(kid instanceof PDFDict) || !embedded(kid)) names.add(nameOf(obj));
      continue;
    }
    // CID fonts are judged through their Type0 parent.
    if (subtype === PDFName.of('CIDFontType0') || subtype === PDFName.of('CIDFontType2')) continue;
    if (!embedded(obj)) names.add(nameOf(obj));
  }
  return [...names].sort();
}
