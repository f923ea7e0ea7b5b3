// Draws LitDesk's icon (a white envelope on a teal tile) and writes resources/icons/icon.png (512×512) and
// icon.ico (one 256×256 PNG entry). electron-builder derives the macOS .icns and Linux sizes from the PNG.
// Run: node scripts/make-icons.ts
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

type RGBA = [number, number, number, number];
const TEAL: RGBA = [9, 146, 104, 255]; // Mantine teal.8, the UI's primary colour
const WHITE: RGBA = [255, 255, 255, 255];
const CLEAR: RGBA = [0, 0, 0, 0];

function insideRoundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distanceToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Colour at a point of the 1×1 design square. */
function colourAt(u: number, v: number): RGBA {
  if (!insideRoundedRect(u, v, 0, 0, 1, 1, 0.19)) return CLEAR;
  if (!insideRoundedRect(u, v, 0.19, 0.28, 0.81, 0.72, 0.03)) return TEAL;
  const stroke = 0.022;
  const flap = Math.min(distanceToSegment(u, v, 0.19, 0.28, 0.5, 0.52), distanceToSegment(u, v, 0.5, 0.52, 0.81, 0.28));
  return flap < stroke ? TEAL : WHITE;
}

export function drawIcon(size: number): Buffer {
  const samples = 4; // 4×4 supersampling for smooth edges
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size);
          // Premultiply so transparent samples do not darken the edge.
          for (let i = 0; i < 3; i++) sum[i]! += c[i]! * c[3];
          sum[3]! += c[3];
        }
      }
      const o = (y * size + x) * 4;
      const alpha = sum[3]!;
      for (let i = 0; i < 3; i++) rgba[o + i] = alpha ? Math.round(sum[i]! / alpha) : 0;
      rgba[o + 3] = Math.round(alpha / (samples * samples));
    }
  }
  return rgba;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A minimal PNG encoder: 8-bit RGBA, filter 0 on every row, one IDAT. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // depth 8, colour type RGBA, deflate, no filter set, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An .ico holding one PNG image (supported since Windows Vista); width/height byte 0 means 256. */
export function encodeIco(png256: Buffer): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(0, 6);
  header.writeUInt8(0, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png256.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, png256]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources/icons');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'icon.png'), encodePng(512, drawIcon(512)));
  fs.writeFileSync(path.join(out, 'icon.ico'), encodeIco(encodePng(256, drawIcon(256))));
  process.stdout.write(`icons written to ${out}\n`);
}
