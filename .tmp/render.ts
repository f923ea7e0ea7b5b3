import { readFileSync } from 'node:fs';
import { makeLiterature } from '../bench/merge-data.ts';
import { DEFAULT_GEOMETRY, writeBatch, writeCalibrationSheet } from '../electron/merge/engine/index.ts';
const FONT = readFileSync('resources/fonts/DejaVuSans.ttf');
const IMB = 'AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA';
const lit = await makeLiterature(2, [90, 60]);
await writeBatch({ literature: lit, font: FONT, geometry: DEFAULT_GEOMETRY, outPath: '.tmp/r.pdf', pieces: [
  { lines: ['NGUYỄN THỊ HƯƠNG ỐỄỖỒẤẾẦ', '12 BOLSA AVE APT 4', 'WESTMINSTER CA 92683-1234'], imb: IMB },
  { lines: ['TRẦN VĂN ĐỨC', 'C/O ĐẶNG HỮU CƯỜNG', 'ATTN LOCAL 1877', '200 BOLSA AVE STE 4', 'WESTMINSTER CA 92683-1234'], imb: IMB },
]});
await writeCalibrationSheet(DEFAULT_GEOMETRY, FONT, '.tmp/cal.pdf');
