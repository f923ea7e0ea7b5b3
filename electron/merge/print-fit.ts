import { addressBlockLines, type Pub28Address } from '../../shared/domain/address/pub28.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';
import { blockFit, DEFAULT_GEOMETRY, loadFace, type Geometry } from './engine/index.ts';

/**
 * Whether a member's printed block fits an envelope window at 8 pt or more (with its barcode, inside the tolerance
 * box). Import and corrections ask it with the default #10 window, because the member list serves every election;
 * merge.start asks it again with the election's own window before any file is written.
 */
export type PrintFitProblem = { code: 'row.addressTooWide' | 'row.addressTooTall'; field?: 'name' | 'address1' | 'address2' | 'city' };

let face: ReturnType<typeof loadFace> | undefined;
const theFace = () => (face ??= loadFace(unicodeFont()));

export function linesFit(lines: readonly string[], geometry: Geometry = DEFAULT_GEOMETRY): ReturnType<typeof blockFit> {
  return blockFit(theFace(), lines, true, geometry);
}

/** `printName` is the name line as printed (nameLine of the member's name, already upper case and NFC). */
export function printFit(printName: string, address: Pub28Address, geometry: Geometry = DEFAULT_GEOMETRY): PrintFitProblem | undefined {
  const block = addressBlockLines('', address).lines;
  const lines = printName.length > 0 ? [printName, ...block] : block;
  const r = linesFit(lines, geometry);
  if (!r) return undefined;
  if (r.why === 'tall') return { code: 'row.addressTooTall' };
  const i = r.line ?? 0;
  const hasName = printName.length > 0;
  const field = i === lines.length - 1 ? 'city' : hasName && i === 0 ? 'name' : lines[i] === address.delivery || lines[i]?.startsWith(address.delivery) ? 'address1' : 'address2';
  return { code: 'row.addressTooWide', field };
}
