// A small reader of page content streams (PDF 32000-1 §7.8, §8, §9): it tracks the current transformation matrix
// through q/Q/cm and form XObjects and reports every image as placed on the page and every colour the page paints,
// for the preflight rules (image resolution, black and white only). It never judges content: it measures pixels per
// inch and colour spaces, the same for every candidate.
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFStream, PDFString, PDFHexString, PDFContentStream } from 'pdf-lib';
import type { PDFContext, PDFObject } from 'pdf-lib';

export type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
export const concat = (f: Matrix, t: Matrix): Matrix => [
  f[0] * t[0] + f[1] * t[2], f[0] * t[1] + f[1] * t[3],
  f[2] * t[0] + f[3] * t[2], f[2] * t[1] + f[3] * t[3],
  f[4] * t[0] + f[5] * t[2] + t[4], f[4] * t[1] + f[5] * t[3] + t[5],
];

export type Token =
  | { kind: 'num'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'str'; bytes: Uint8Array }
  | { kind: 'array'; items: Token[] }
  | { kind: 'dict'; entries: Map<string, Token> }
  | { kind: 'op'; value: string; start: number; end: number }
  | { kind: 'other' };

const isWhite = (b: number): boolean => b === 0 || b === 9 || b === 10 || b === 12 || b === 13 || b === 32;
const isDelim = (b: number): boolean =>
  b === 0x28 || b === 0x29 || b === 0x3c || b === 0x3e || b === 0x5b || b === 0x5d || b === 0x7b || b === 0x7d || b === 0x2f || b === 0x25;

/** An operator with its operands, and the byte range of the whole instruction (operands included). */
export type Instruction = { op: string; args: Token[]; start: number; end: number; inline?: { dict: Map<string, Token> } };

/** Splits a content stream into instructions. Unknown or broken syntax is skipped, never thrown on. */
export function* instructions(bytes: Uint8Array): Generator<Instruction> {
  let i = 0;
  const n = bytes.length;
  let args: Token[] = [];
  let argsStart = -1;
  const readToken = (): Token | null => {
    while (i < n) {
      const b = bytes[i] as number;
      if (isWhite(b)) { i++; continue; }
      if (b === 0x25) { while (i < n && bytes[i] !== 10 && bytes[i] !== 13) i++; continue; }
      break;
    }
    if (i >= n) return null;
    const b = bytes[i] as number;
    if (b === 0x28) {
      let depth = 0;
      const out: number[] = [];
      while (i < n) {
        const c = bytes[i] as number;
        if (c === 0x5c) {
          const e = bytes[i + 1] as number;
          i += 2;
          if (e >= 0x30 && e <= 0x37) {
            let v = e - 0x30;
            for (let k = 0; k < 2 && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x37; k++) v = v * 8 + (bytes[i++] as number) - 0x30;
            out.push(v & 0xff);
          } else if (e === 0x0d) {
            if (bytes[i] === 0x0a) i++;
          } else if (e !== 0x0a) {
            out.push(({ 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 } as Record<number, number>)[e] ?? e);
          }
          continue;
        }
        if (c === 0x28) {
          if (++depth > 1) out.push(c);
        } else if (c === 0x29) {
          if (--depth === 0) { i++; break; }
          out.push(c);
        } else {
          out.push(c);
        }
        i++;
      }
      return { kind: 'str', bytes: Uint8Array.from(out) };
    }
    if (b === 0x3c && bytes[i + 1] === 0x3c) {
      i += 2;
      const entries = new Map<string, Token>();
      for (;;) {
        const k = readToken();
        if (k === null || (k.kind === 'other' && bytes[i - 1] === 0x3e)) break;
        if (k.kind !== 'name') continue;
        const v = readToken();
        if (v === null) break;
        entries.set(k.value, v);
      }
      return { kind: 'dict', entries };
    }
    if (b === 0x3e && bytes[i + 1] === 0x3e) { i += 2; return { kind: 'other' }; }
    if (b === 0x3c) {
      let hex = '';
      i++;
      while (i < n && bytes[i] !== 0x3e) { const c = bytes[i] as number; if (!isWhite(c)) hex += String.fromCharCode(c); i++; }
      i++;
      if (hex.length % 2) hex += '0';
      return { kind: 'str', bytes: Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16) || 0) };
    }
    if (b === 0x5b) {
      i++;
      const items: Token[] = [];
      for (;;) {
        while (i < n && isWhite(bytes[i] as number)) i++;
        if (i >= n) break;
        if (bytes[i] === 0x5d) { i++; break; }
        const t = readToken();
        if (t === null) break;
        items.push(t);
      }
      return { kind: 'array', items };
    }
    if (b === 0x5d || b === 0x7b || b === 0x7d || b === 0x29 || b === 0x3e) { i++; return { kind: 'other' }; }
    if (b === 0x2f) {
      let j = i + 1;
      let name = '';
      while (j < n && !isWhite(bytes[j] as number) && !isDelim(bytes[j] as number)) {
        const c = bytes[j] as number;
        if (c === 0x23 && j + 2 < n) { name += String.fromCharCode(Number.parseInt(String.fromCharCode(bytes[j + 1] as number, bytes[j + 2] as number), 16)); j += 3; }
        else { name += String.fromCharCode(c); j++; }
      }
      i = j;
      return { kind: 'name', value: name };
    }
    let j = i;
    while (j < n && !isWhite(bytes[j] as number) && !isDelim(bytes[j] as number)) j++;
    const word = String.fromCharCode(...bytes.subarray(i, Math.min(j, i + 32)));
    const start = i;
    i = j === i ? i + 1 : j;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { kind: 'num', value: Number(word) };
    if (word === 'true' || word === 'false' || word === 'null') return { kind: 'other' };
    return { kind: 'op', value: word, start, end: i };
  };
  for (;;) {
    const before = i;
    const t = readToken();
    if (t === null) return;
    if (argsStart < 0) {
      // Where this instruction's first operand begins (after white space).
      let s = before;
      while (s < n && isWhite(bytes[s] as number)) s++;
      argsStart = s;
    }
    if (t.kind !== 'op') { args.push(t); continue; }
    if (t.value === 'BI') {
      // Inline image: key/value pairs up to ID, one white-space byte, data up to white-space EI white-space.
      const dict = new Map<string, Token>();
      for (;;) {
        const k = readToken();
        if (k === null) return;
        if (k.kind === 'op' && k.value === 'ID') break;
        if (k.kind !== 'name') continue;
        const v = readToken();
        if (v === null) return;
        dict.set(k.value, v);
      }
      i++;
      let end = i;
      while (end + 2 < n && !(isWhite(bytes[end] as number) && bytes[end + 1] === 0x45 && bytes[end + 2] === 0x49 && (end + 3 >= n || isWhite(bytes[end + 3] as number) || isDelim(bytes[end + 3] as number)))) end++;
      i = Math.min(n, end + 3);
      yield { op: 'BI', args: [], start: argsStart, end: i, inline: { dict } };
    } else {
      yield { op: t.value, args, start: argsStart, end: t.end };
    }
    args = [];
    argsStart = -1;
  }
}

/** A stream's decoded bytes, or null when a filter cannot be decoded here. */
export function decoded(stream: PDFObject | undefined): Uint8Array | null {
  try {
    if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
    if (stream instanceof PDFContentStream) return stream.getUnencodedContents();
    if (stream instanceof PDFStream) return stream.getContents();
  } catch {
    return null;
  }
  return null;
}

export type PlacedImage = { page: number; widthPx: number; heightPx: number; ctm: Matrix; colour: boolean };
export type PaintVisitor = {
  image?: (img: PlacedImage) => void;
  /** A paint or text operator drew with a colour that is not grey. */
  colour?: (page: number) => void;
};

const nums = (args: Token[]): number[] => args.filter((a): a is { kind: 'num'; value: number } => a.kind === 'num').map((a) => a.value);
const grey = (v: number[]): boolean => {
  const e = 1 / 255;
  if (v.length === 3) return Math.abs((v[0] as number) - (v[1] as number)) <= e && Math.abs((v[1] as number) - (v[2] as number)) <= e;
  if (v.length === 4) return (v[0] as number) <= e && (v[1] as number) <= e && (v[2] as number) <= e;
  return true;
};

const N = (s: string): PDFName => PDFName.of(s);

/**
 * Is a colour space (a name, or an array like [/ICCBased 5 0 R]) able to paint anything but grey? `values` checks
 * the components actually used where that is possible (RGB with r = g = b and CMYK with c = m = y = 0 are grey).
 */
export function colourSpaceKind(context: PDFContext, cs: PDFObject | undefined, resources?: PDFDict): 'grey' | 'rgb' | 'cmyk' | 'colour' {
  let obj = context.lookup(cs);
  if (obj instanceof PDFName) {
    const name = obj.decodeText();
    if (name === 'DeviceGray' || name === 'CalGray' || name === 'G') return 'grey';
    if (name === 'DeviceRGB' || name === 'CalRGB' || name === 'RGB') return 'rgb';
    if (name === 'DeviceCMYK' || name === 'CMYK') return 'cmyk';
    if (name === 'Pattern') return 'colour';
    const named = resources ? context.lookup(resources.get(N('ColorSpace'))) : undefined;
    if (named instanceof PDFDict && named.get(obj) !== undefined) obj = context.lookup(named.get(obj));
    else return 'colour';
  }
  if (!(obj instanceof PDFArray) || obj.size() === 0) return 'colour';
  const family = context.lookup(obj.get(0));
  const f = family instanceof PDFName ? family.decodeText() : '';
  if (f === 'CalGray') return 'grey';
  if (f === 'CalRGB') return 'rgb';
  if (f === 'ICCBased') {
    const s = context.lookup(obj.get(1));
    const n = s instanceof PDFStream ? context.lookup(s.dict.get(N('N'))) : undefined;
    const k = n instanceof PDFNumber ? n.asNumber() : 0;
    return k === 1 ? 'grey' : k === 3 ? 'rgb' : k === 4 ? 'cmyk' : 'colour';
  }
  if (f === 'Indexed' || f === 'I') return indexedIsGrey(context, obj) ? 'grey' : 'colour';
  if (f === 'Separation') {
    // A single ink: black (or All, registration) prints grey; any other named ink is a colour.
    const ink = context.lookup(obj.get(1));
    const name = ink instanceof PDFName ? ink.decodeText() : '';
    return name === 'Black' || name === 'All' ? 'grey' : 'colour';
  }
  if (f === 'DeviceN') {
    const inks = context.lookup(obj.get(1));
    if (inks instanceof PDFArray && inks.asArray().every((x) => { const v = context.lookup(x); return v instanceof PDFName && ['Black', 'None'].includes(v.decodeText()); })) return 'grey';
    return 'colour';
  }
  return 'colour';
}

/** An indexed palette is grey when its base is grey, or every entry of an RGB/CMYK palette is grey. */
function indexedIsGrey(context: PDFContext, arr: PDFArray): boolean {
  const base = colourSpaceKind(context, arr.get(1));
  if (base === 'grey') return true;
  if (base === 'colour') return false;
  const lookup = context.lookup(arr.get(3));
  const bytes = lookup instanceof PDFString || lookup instanceof PDFHexString ? lookup.asBytes() : decoded(lookup);
  if (!bytes) return false;
  const step = base === 'rgb' ? 3 : 4;
  for (let i = 0; i + step <= bytes.length; i += step) {
    const v = Array.from(bytes.subarray(i, i + step), (b) => b / 255);
    if (!grey(v)) return false;
  }
  return true;
}

const INLINE_CS: Record<string, string> = { G: 'DeviceGray', RGB: 'DeviceRGB', CMYK: 'DeviceCMYK', I: 'Indexed' };

/**
 * Walks one page's drawing: `content` with `resources`, starting from `ctm`. Forms are followed (at most 12 deep,
 * never the same form twice on one path); colour is tracked for fills, strokes, text and shadings.
 */
export function walkContent(context: PDFContext, content: Uint8Array, resources: PDFDict | undefined, page: number, visit: PaintVisitor, ctm: Matrix = IDENTITY, path: Set<PDFObject> = new Set()): void {
  type GS = { ctm: Matrix; fillColour: boolean; strokeColour: boolean; fillSpace: string; strokeSpace: string };
  let gs: GS = { ctm, fillColour: false, strokeColour: false, fillSpace: 'grey', strokeSpace: 'grey' };
  const stack: GS[] = [];
  const xobjects = resources ? context.lookup(resources.get(N('XObject'))) : undefined;
  const spaceOf = (t: Token | undefined): string => (t && t.kind === 'name' ? colourSpaceKind(context, N(t.value), resources) : 'colour');
  const setValues = (space: string, args: Token[]): boolean => {
    const v = nums(args);
    if (space === 'grey') return false;
    if (space === 'rgb' || space === 'cmyk') return !grey(v);
    return true;
  };
  for (const ins of instructions(content)) {
    const a = ins.args;
    switch (ins.op) {
      case 'q': stack.push(gs); gs = { ...gs }; break;
      case 'Q': gs = stack.pop() ?? gs; break;
      case 'cm': {
        const v = nums(a);
        if (v.length === 6) gs.ctm = concat(v as Matrix, gs.ctm);
        break;
      }
      case 'g': gs.fillColour = false; gs.fillSpace = 'grey'; break;
      case 'G': gs.strokeColour = false; gs.strokeSpace = 'grey'; break;
      case 'rg': gs.fillColour = !grey(nums(a)); gs.fillSpace = 'rgb'; break;
      case 'RG': gs.strokeColour = !grey(nums(a)); gs.strokeSpace = 'rgb'; break;
      case 'k': gs.fillColour = !grey(nums(a)); gs.fillSpace = 'cmyk'; break;
      case 'K': gs.strokeColour = !grey(nums(a)); gs.strokeSpace = 'cmyk'; break;
      case 'cs': gs.fillSpace = spaceOf(a[0]); gs.fillColour = gs.fillSpace === 'colour'; break;
      case 'CS': gs.strokeSpace = spaceOf(a[0]); gs.strokeColour = gs.strokeSpace === 'colour'; break;
      case 'sc': case 'scn': gs.fillColour = setValues(gs.fillSpace, a); break;
      case 'SC': case 'SCN': gs.strokeColour = setValues(gs.strokeSpace, a); break;
      case 'f': case 'F': case 'f*': case 'Tj': case 'TJ': case "'": case '"':
        if (gs.fillColour) visit.colour?.(page);
        break;
      case 'S': case 's':
        if (gs.strokeColour) visit.colour?.(page);
        break;
      case 'B': case 'B*': case 'b': case 'b*':
        if (gs.fillColour || gs.strokeColour) visit.colour?.(page);
        break;
      case 'sh': {
        const shadings = resources ? context.lookup(resources.get(N('Shading'))) : undefined;
        const name = a[0];
        const sh = shadings instanceof PDFDict && name?.kind === 'name' ? context.lookup(shadings.get(N(name.value))) : undefined;
        const dict = sh instanceof PDFStream ? sh.dict : sh;
        if (!(dict instanceof PDFDict) || colourSpaceKind(context, dict.get(N('ColorSpace')), resources) !== 'grey') visit.colour?.(page);
        break;
      }
      case 'BI': {
        const d = ins.inline!.dict;
        const num = (k1: string, k2: string): number => { const t = d.get(k1) ?? d.get(k2); return t?.kind === 'num' ? t.value : 0; };
        const mask = d.get('IM') ?? d.get('ImageMask');
        const csTok = d.get('CS') ?? d.get('ColorSpace');
        let colour = false;
        if (!(mask && mask.kind === 'other')) {
          if (csTok?.kind === 'name') {
            const kind = colourSpaceKind(context, N(INLINE_CS[csTok.value] ?? csTok.value), resources);
            colour = kind !== 'grey';
          } else if (csTok) colour = true;
        }
        visit.image?.({ page, widthPx: num('W', 'Width'), heightPx: num('H', 'Height'), ctm: gs.ctm, colour: colour || (!!mask && gs.fillColour) });
        break;
      }
      case 'Do': {
        const name = a[0];
        if (!(xobjects instanceof PDFDict) || name?.kind !== 'name') break;
        const x = context.lookup(xobjects.get(N(name.value)));
        if (!(x instanceof PDFStream)) break;
        const sub = context.lookup(x.dict.get(N('Subtype')));
        if (sub === N('Image')) {
          const w = context.lookup(x.dict.get(N('Width')));
          const h = context.lookup(x.dict.get(N('Height')));
          const isMask = context.lookup(x.dict.get(N('ImageMask')));
          const stencil = isMask !== undefined && String(isMask) === 'true';
          const colour = stencil ? gs.fillColour : colourSpaceKind(context, x.dict.get(N('ColorSpace')), resources) !== 'grey' && x.dict.get(N('ColorSpace')) !== undefined;
          visit.image?.({
            page, widthPx: w instanceof PDFNumber ? w.asNumber() : 0, heightPx: h instanceof PDFNumber ? h.asNumber() : 0, ctm: gs.ctm,
            // JPX images may leave the colour space to the codestream: judged as colour unless declared grey.
            colour: colour || (x.dict.get(N('ColorSpace')) === undefined && !stencil),
          });
        } else if (sub === N('Form') && !path.has(x) && path.size < 12) {
          const body = decoded(x);
          if (!body) break;
          const m = context.lookup(x.dict.get(N('Matrix')));
          const fm = m instanceof PDFArray && m.size() === 6 ? (m.asArray().map((v) => { const o = context.lookup(v); return o instanceof PDFNumber ? o.asNumber() : 0; }) as Matrix) : IDENTITY;
          const res = context.lookup(x.dict.get(N('Resources')));
          path.add(x);
          walkContent(context, body, res instanceof PDFDict ? res : resources, page, visit, concat(fm, gs.ctm), path);
          path.delete(x);
        }
        break;
      }
      default:
        break;
    }
  }
}

/** Effective resolution of a placed image: pixels over printed inches along each of its axes; the lower one. */
export function effectiveDpi(img: PlacedImage): number {
  const [a, b, c, d] = img.ctm;
  const wIn = Math.hypot(a, b) / 72;
  const hIn = Math.hypot(c, d) / 72;
  if (wIn === 0 || hIn === 0) return Number.POSITIVE_INFINITY;
  return Math.min(img.widthPx / wIn, img.heightPx / hIn);
}
