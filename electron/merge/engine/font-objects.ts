import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { BatchGlyphs } from './font.ts';
import type { PdfFile } from './pdf-file.ts';

/** Object numbers reserved up front for the Type0 font, written once the batch's glyph set is known. */
export type FontRefs = { type0: number; cidFont: number; descriptor: number; file: number; toUnicode: number };

export function reserveFontRefs(file: PdfFile): FontRefs {
  return { type0: file.alloc(), cidFont: file.alloc(), descriptor: file.alloc(), file: file.alloc(), toUnicode: file.alloc() };
}

/**
 * Embeds the subset as a Type0 / CIDFontType2 font, Identity-H, with widths and a ToUnicode CMap so text extraction
 * returns exactly the characters printed. The subset tag derives from the subset bytes, so the output is stable.
 */
export async function writeFontObjects(file: PdfFile, refs: FontRefs, glyphs: BatchGlyphs): Promise<void> {
  const face = glyphs.face;
  const subset = await glyphs.encodeSubset();
  const digest = createHash('sha256').update(subset).digest();
  const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  const name = `/${tag}+${face.psName}`;
  const k = 1000 / face.unitsPerEm;
  const widths = glyphs.used.map((g) => Math.round(g.advance * k)).join(' ');
  const w = glyphs.used.length > 0 ? `[1[${widths}]]` : '[]';

  file.object(refs.type0, `<</Type/Font/Subtype/Type0/BaseFont${name}/Encoding/Identity-H/DescendantFonts[${refs.cidFont} 0 R]/ToUnicode ${refs.toUnicode} 0 R>>`);
  file.object(
    refs.cidFont,
    `<</Type/Font/Subtype/CIDFontType2/BaseFont${name}/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>` +
      `/FontDescriptor ${refs.descriptor} 0 R/DW 1000/W${w}/CIDToGIDMap/Identity>>`,
  );
  file.object(
    refs.descriptor,
    `<</Type/FontDescriptor/FontName${name}/Flags 4/FontBBox[${face.bbox.join(' ')}]/ItalicAngle 0` +
      `/Ascent ${face.ascent}/Descent ${face.descent}/CapHeight ${face.capHeight}/StemV 80/FontFile2 ${refs.file} 0 R>>`,
  );
  file.stream(refs.file, deflateSync(subset), `/Filter/FlateDecode/Length1 ${subset.length}`);
  file.stream(refs.toUnicode, deflateSync(Buffer.from(toUnicodeCMap(glyphs), 'latin1')), '/Filter/FlateDecode');
}

function utf16Hex(cp: number): string {
  const s = String.fromCodePoint(cp);
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

function toUnicodeCMap(glyphs: BatchGlyphs): string {
  const lines = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
  ];
  const used = glyphs.used;
  for (let i = 0; i < used.length; i += 100) {
    const chunk = used.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`);
    for (const g of chunk) lines.push(`<${g.hex}> <${utf16Hex(g.codePoint)}>`);
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return lines.join('\n');
}
