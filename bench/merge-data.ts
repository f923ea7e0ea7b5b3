// Synthetic literature and members for the merge benchmark and tests: deterministic, no real person's data.
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import type { Piece } from '../electron/merge/engine/types.ts';
import { prng } from '../test/support/prng.ts';
export { prng };


/** A noisy RGB gradient PNG (noise keeps it from compressing to nothing, like a photo would). */
export function noisyPng(width: number, height: number, seed: number, noise = 24): Uint8Array {
  const rnd = prng(seed);
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0;
    for (let x = 0; x < width; x++) {
      const o = y * row + 1 + x * 3;
      const n = () => Math.floor((rnd() - 0.5) * noise);
      raw[o] = clamp((x * 255) / width + n());
      raw[o + 1] = clamp((y * 255) / height + n());
      raw[o + 2] = clamp(128 + ((x + y) % 64) + n());
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

/** A Letter literature PDF with `pages` pages, text and two distinct photos-like images; page 1 leaves the window area blank. */
export async function makeLiterature(pages = 4, imageSize: [number, number] = [360, 240]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const imgs = [await doc.embedPng(noisyPng(imageSize[0], imageSize[1], 1)), await doc.embedPng(noisyPng(imageSize[0], imageSize[1], 2))];
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`Vote for Alex Rivera - page ${p + 1}`, { x: 72, y: 740, size: 20, font: bold, color: rgb(0.1, 0.2, 0.5) });
    const img = imgs[p % 2];
    if (img) page.drawImage(img, { x: 72, y: p === 0 ? 150 : 380, width: 468, height: 312 });
    for (let l = 0; l < 8; l++) {
      page.drawText('Fair contracts, safe shifts, open books. Every member heard, every local served.', {
        x: 72, y: (p === 0 ? 120 : 340) - l * 14, size: 10, font,
      });
    }
  }
  return doc.save({ useObjectStreams: false });
}

const VN_FAMILY = ['NGUYỄN', 'TRẦN', 'LÊ', 'PHẠM', 'HOÀNG', 'HUỲNH', 'PHAN', 'VŨ', 'VÕ', 'ĐẶNG', 'BÙI', 'ĐỖ', 'HỒ', 'NGÔ', 'DƯƠNG', 'LÝ'];
const VN_MIDDLE = ['THỊ', 'VĂN', 'HỮU', 'ĐỨC', 'MINH', 'THANH', 'NGỌC', 'QUỐC'];
const VN_GIVEN = ['HƯƠNG', 'ĐỨC', 'ANH', 'BÌNH', 'CƯỜNG', 'DŨNG', 'HẰNG', 'LỆ', 'PHƯƠNG', 'QUỲNH', 'THẢO', 'TRỌNG', 'XUÂN', 'YẾN', 'ỐC', 'TUẤN'];
const ES_FIRST = ['JOSÉ', 'MARÍA', 'JESÚS', 'ÁNGEL', 'RAMÓN', 'INÉS', 'MARTÍN', 'SOFÍA', 'RAÚL', 'BEATRIZ', 'ÓSCAR', 'LUCÍA'];
const ES_LAST = ['MUÑOZ', 'PEÑA', 'GARCÍA', 'RODRÍGUEZ', 'MARTÍNEZ', 'HERNÁNDEZ', 'LÓPEZ', 'GONZÁLEZ', 'PÉREZ', 'SÁNCHEZ', 'IBÁÑEZ', 'CASTAÑEDA', 'NÚÑEZ', 'ORDÓÑEZ'];
const OTHER = ['FRANÇOIS LEFÈVRE', 'ZOË BJÖRK', 'ŁUKASZ DVOŘÁK', 'SØREN ØSTERGÅRD', 'GÜNTHER MÜLLER', 'ŠTĚPÁN ŠIMEK', 'ÆLFRIC ÞÓRSSON', 'MAŁGORZATA WÓJCIK', 'Nguyễn Thị Hương', 'Trần Văn Đức'];
const STREETS = ['MAIN', 'OAK', 'BOLSA', 'EUCLID', 'WESTMINSTER', 'BROOKHURST', 'CESAR CHAVEZ', 'MISSION', 'ALVARADO', 'HARBOR'];
const SUFFIX = ['ST', 'AVE', 'BLVD', 'DR', 'RD', 'WAY', 'LN'];
const CITIES: Array<[string, string, number]> = [
  ['GARDEN GROVE', 'CA', 92840], ['WESTMINSTER', 'CA', 92683], ['SAN JOSE', 'CA', 95122], ['HOUSTON', 'TX', 77036],
  ['LOS ANGELES', 'CA', 90033], ['MIAMI', 'FL', 33135], ['CHICAGO', 'IL', 60623], ['NEW YORK', 'NY', 10002],
];

export function memberName(r: () => number): string {
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)] as T;
  const k = r();
  if (k < 0.45) return `${pick(VN_FAMILY)} ${pick(VN_MIDDLE)} ${pick(VN_GIVEN)}`;
  if (k < 0.85) return `${pick(ES_FIRST)} ${pick(ES_LAST)} ${pick(ES_LAST)}`;
  return pick(OTHER);
}

/** Piece `i` of a synthetic audience: same seed and index, same piece. */
export function syntheticPiece(seed: number, i: number): Piece {
  const r = prng(seed * 1_000_003 + i);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)] as T;
  const [city, state, zip] = pick(CITIES);
  const unit = r() < 0.3 ? ` APT ${1 + Math.floor(r() * 400)}` : '';
  const street = `${100 + Math.floor(r() * 19900)} ${pick(STREETS)} ${pick(SUFFIX)}${unit}`;
  const zip4 = String(1000 + Math.floor(r() * 8999));
  let imb = '';
  for (let b = 0; b < 65; b++) imb += 'ADTF'[Math.floor(r() * 4)];
  return { lines: [memberName(r), street, `${city} ${state} ${zip + Math.floor(r() * 20)}-${zip4}`], imb };
}

export function syntheticPieces(seed: number, from: number, count: number): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < count; i++) out.push(syntheticPiece(seed, from + i));
  return out;
}
