import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
const f = fontkit.create(readFileSync('/work/wt/print/resources/fonts/DejaVuSans.ttf'));
console.log(f.unitsPerEm, f.ascent, f.descent, f.bbox);
for (const ch of [' ', 'H', 'Ố', 'Ễ', 'Ỗ', 'Ồ', 'Ấ', 'Ế', 'Ầ', 'Q', 'Ọ', 'Ç', 'J', 'g', '9', '-', 'Ặ', 'Ỷ']) { const g = f.glyphForCodePoint(ch.codePointAt(0)!); console.log(JSON.stringify(ch), g.advanceWidth, g.bbox.minY, g.bbox.maxY); }
