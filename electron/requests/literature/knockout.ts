// Text hidden under the window knock-out is removed from the printed page (issue 15 §8). The merge paints the window
// white on literature page 1 and prints the address there; the literature's own text under it was invisible on
// paper but still in the page, so text extraction (the mail house's address check, OCR-less readers, a screen
// reader) read it mixed with the member's address. Here each glyph of page 1 is placed (text matrix, font size,
// widths, character and word spacing, horizontal scaling, rise, through forms) and a glyph whose box meets the
// window is taken out, its advance kept as a TJ adjustment so everything after it stays where it was. "Under" means
// more than half of the glyph's box (descent to ascent, advance wide): a line above the window whose descenders dip
// under the knock-out's edge keeps its text. The proof is drawn from the same objects, so it shows exactly that.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFStream, StandardFonts } from 'pdf-lib';
import type { PDFContext, PDFFont, PDFObject } from 'pdf-lib';
import { concat, decoded, instructions, type Matrix, type Token } from './content.ts';

export type Rect = { x: number; y: number; w: number; h: number };
const N = (s: string): PDFName => PDFName.of(s);
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

const STANDARD: Record<string, StandardFonts> = {
  Helvetica: StandardFonts.Helvetica, 'Helvetica-Bold': StandardFonts.HelveticaBold, 'Helvetica-Oblique': StandardFonts.HelveticaOblique,
  'Helvetica-BoldOblique': StandardFonts.HelveticaBoldOblique, 'Times-Roman': StandardFonts.TimesRoman, 'Times-Bold': StandardFonts.TimesRomanBold,
  'Times-Italic': StandardFonts.TimesRomanItalic, 'Times-BoldItalic': StandardFonts.TimesRomanBoldItalic, Courier: StandardFonts.Courier,
  'Courier-Bold': StandardFonts.CourierBold, 'Courier-Oblique': StandardFonts.CourierOblique, 'Courier-BoldOblique': StandardFonts.CourierBoldOblique,
  Symbol: StandardFonts.Symbol, ZapfDingbats: StandardFonts.ZapfDingbats, Arial: StandardFonts.Helvetica, 'Arial-BoldMT': StandardFonts.HelveticaBold,
  ArialMT: StandardFonts.Helvetica, TimesNewRomanPSMT: StandardFonts.TimesRoman,
};
const cp1252 = new TextDecoder('windows-1252');

/** Widths in glyph units (1/1000 em) by code, and how many bytes a code takes. */
type FontInfo = { twoByte: boolean; width: (code: number) => number; ascent: number; descent: number };

function fontInfo(context: PDFContext, font: PDFObject | undefined, metrics: () => PDFDocument, standard: Map<string, PDFFont>): FontInfo {
  const f = context.lookup(font);
  const fallback: FontInfo = { twoByte: false, width: () => 500, ascent: 900, descent: -250 };
  if (!(f instanceof PDFDict)) return fallback;
  const num = (o: PDFObject | undefined, d: number): number => { const v = context.lookup(o); return v instanceof PDFNumber ? v.asNumber() : d; };
  const subtype = context.lookup(f.get(N('Subtype')));
  const descriptorOf = (d: PDFDict) => { const x = context.lookup(d.get(N('FontDescriptor'))); return x instanceof PDFDict ? x : undefined; };
  if (subtype === N('Type0')) {
    const kids = context.lookup(f.get(N('DescendantFonts')));
    const cid = kids instanceof PDFArray ? context.lookup(kids.get(0)) : undefined;
    if (!(cid instanceof PDFDict)) return { ...fallback, twoByte: true, width: () => 1000 };
    const dw = num(cid.get(N('DW')), 1000);
    const widths = new Map<number, number>();
    const w = context.lookup(cid.get(N('W')));
    if (w instanceof PDFArray) {
      const a = w.asArray().map((x) => context.lookup(x));
      for (let i = 0; i < a.length;) {
        const first = a[i] instanceof PDFNumber ? (a[i] as PDFNumber).asNumber() : 0;
        const next = a[i + 1];
        if (next instanceof PDFArray) {
          next.asArray().forEach((v, k) => widths.set(first + k, num(v, dw)));
          i += 2;
        } else {
          const last = next instanceof PDFNumber ? next.asNumber() : first;
          const value = num(a[i + 2] as PDFObject, dw);
          for (let c = first; c <= last && c - first < 65536; c++) widths.set(c, value);
          i += 3;
        }
      }
    }
    const d = descriptorOf(cid);
    return { twoByte: true, width: (c) => widths.get(c) ?? dw, ascent: num(d?.get(N('Ascent')), 900), descent: num(d?.get(N('Descent')), -250) };
  }
  const d = descriptorOf(f);
  const ascent = num(d?.get(N('Ascent')), 900);
  const descent = num(d?.get(N('Descent')), -250);
  const widthsArr = context.lookup(f.get(N('Widths')));
  if (widthsArr instanceof PDFArray) {
    const firstChar = num(f.get(N('FirstChar')), 0);
    const missing = num(d?.get(N('MissingWidth')), 500);
    let scale = 1;
    if (subtype === N('Type3')) {
      const fm = context.lookup(f.get(N('FontMatrix')));
      scale = fm instanceof PDFArray ? num(fm.get(0), 0.001) * 1000 : 1;
    }
    return { twoByte: false, width: (c) => (c >= firstChar && c - firstChar < widthsArr.size() ? num(widthsArr.get(c - firstChar), missing) : missing) * scale, ascent, descent };
  }
  // A standard font named without widths: its metrics come with pdf-lib (the Adobe AFM widths).
  const base = context.lookup(f.get(N('BaseFont')));
  const name = base instanceof PDFName ? base.decodeText().replace(/^[A-Z]{6}\+/, '') : '';
  const std = STANDARD[name] ?? STANDARD[name.split(',')[0] ?? ''];
  if (!std) return { ...fallback, ascent, descent };
  let pf = standard.get(std);
  if (!pf) {
    pf = metrics().embedStandardFont(std);
    standard.set(std, pf);
  }
  const font2 = pf;
  return {
    twoByte: false, ascent: 718, descent: -207,
    width: (c) => { try { return font2.widthOfTextAtSize(cp1252.decode(Uint8Array.of(c)), 1000); } catch { return 500; } },
  };
}

type TextState = { font: FontInfo | null; size: number; tc: number; tw: number; th: number; tl: number; rise: number };
type GS = { ctm: Matrix; ts: TextState };

const hex = (b: Uint8Array): string => `<${Buffer.from(b).toString('hex')}>`;
const fmt = (n: number): string => { const r = Math.round(n * 1000) / 1000; return Object.is(r, -0) ? '0' : String(r); };

/**
 * Removes every glyph on page `pageIndex` whose box meets `rect` (page space, points). Returns how many glyphs went.
 * Forms that change are copied (a form shared with another page keeps its text there).
 */
export async function removeTextUnder(doc: PDFDocument, pageIndex: number, rect: Rect): Promise<number> {
  const context = doc.context;
  const page = doc.getPage(pageIndex).node;
  const standard = new Map<string, PDFFont>();
  // Standard-font metrics come from a scratch document (made only if a standard font without widths is met), so
  // nothing is added to the literature.
  const scratch = fontsNeedMetrics(doc, pageIndex) ? await PDFDocument.create({ updateMetadata: false }) : null;
  const metrics = (): PDFDocument => {
    if (!scratch) throw new Error('internal: standard-font metrics not prepared');
    return scratch;
  };
  const fonts = new Map<PDFObject, FontInfo>();
  let removed = 0;
  const x0 = rect.x;
  const x1 = rect.x + rect.w;
  const y0 = rect.y;
  const y1 = rect.y + rect.h;

  /** Rewrites one content stream; returns the new bytes or null when nothing under the window was found. */
  const rewrite = (content: Uint8Array, resources: PDFDict | undefined, ctm: Matrix, depth: number, resourcesOut: { dict: PDFDict | undefined }): Uint8Array | null => {
    let gs: GS = { ctm, ts: { font: null, size: 0, tc: 0, tw: 0, th: 1, tl: 0, rise: 0 } };
    const stack: GS[] = [];
    let tm: Matrix = IDENTITY;
    let tlm: Matrix = IDENTITY;
    const edits: Array<{ start: number; end: number; text: string }> = [];
    let formsChanged = false;
    const fontDict = resources ? context.lookup(resources.get(N('Font'))) : undefined;
    const xobjects = resources ? context.lookup(resources.get(N('XObject'))) : undefined;
    const numsOf = (args: Token[]): number[] => args.filter((a): a is { kind: 'num'; value: number } => a.kind === 'num').map((a) => a.value);

    /** Shows one string element: returns kept/dropped runs as TJ items, and moves the text matrix. */
    const show = (bytes: Uint8Array, items: string[]): boolean => {
      const ts = gs.ts;
      const font = ts.font ?? { twoByte: false, width: () => 500, ascent: 900, descent: -250 };
      let any = false;
      let run: number[] = [];
      const flush = () => { if (run.length) { items.push(hex(Uint8Array.from(run))); run = []; } };
      const step = font.twoByte ? 2 : 1;
      for (let i = 0; i + step <= bytes.length; i += step) {
        const code = step === 2 ? ((bytes[i] as number) << 8) | (bytes[i + 1] as number) : (bytes[i] as number);
        const w0 = font.width(code);
        const space = step === 1 && code === 32 ? ts.tw : 0;
        const trm = concat([ts.size * ts.th, 0, 0, ts.size, 0, ts.rise], concat(tm, gs.ctm));
        const corners = [[0, font.descent / 1000], [w0 / 1000, font.descent / 1000], [0, font.ascent / 1000], [w0 / 1000, font.ascent / 1000]]
          .map(([x, y]) => apply(trm, x as number, y as number));
        const bx0 = Math.min(...corners.map((c) => c[0]));
        const bx1 = Math.max(...corners.map((c) => c[0]));
        const by0 = Math.min(...corners.map((c) => c[1]));
        const by1 = Math.max(...corners.map((c) => c[1]));
        // More than half under the window (its box's centre inside): a line just above the window whose descenders
        // dip under the knock-out's edge keeps its text; a glyph mostly under it goes.
        const cx = (bx0 + bx1) / 2;
        const cy = (by0 + by1) / 2;
        const under = ts.size !== 0 && cx > x0 && cx < x1 && cy > y0 && cy < y1;
        const tx = ((w0 / 1000) * ts.size + ts.tc + space) * ts.th;
        if (under) {
          flush();
          items.push(fmt(-(w0 + ((ts.tc + space) * 1000) / ts.size)));
          any = true;
          removed++;
        } else {
          for (let k = 0; k < step; k++) run.push(bytes[i + k] as number);
        }
        tm = concat([1, 0, 0, 1, tx, 0], tm);
      }
      flush();
      return any;
    };

    for (const ins of instructions(content)) {
      const a = ins.args;
      const ts = gs.ts;
      switch (ins.op) {
        case 'q': stack.push(gs); gs = { ctm: gs.ctm, ts: { ...gs.ts } }; break;
        case 'Q': gs = stack.pop() ?? gs; break;
        case 'cm': { const v = numsOf(a); if (v.length === 6) gs.ctm = concat(v as Matrix, gs.ctm); break; }
        case 'BT': tm = IDENTITY; tlm = IDENTITY; break;
        case 'Tf': {
          const name = a[0];
          ts.size = numsOf(a)[0] ?? 0;
          const ref = fontDict instanceof PDFDict && name?.kind === 'name' ? fontDict.get(N(name.value)) : undefined;
          const key = ref ?? N('none');
          let info = fonts.get(key);
          if (!info) { info = fontInfo(context, ref, metrics, standard); fonts.set(key, info); }
          ts.font = info;
          break;
        }
        case 'Tc': ts.tc = numsOf(a)[0] ?? 0; break;
        case 'Tw': ts.tw = numsOf(a)[0] ?? 0; break;
        case 'Tz': ts.th = (numsOf(a)[0] ?? 100) / 100; break;
        case 'TL': ts.tl = numsOf(a)[0] ?? 0; break;
        case 'Ts': ts.rise = numsOf(a)[0] ?? 0; break;
        case 'Td': case 'TD': {
          const [tx = 0, ty = 0] = numsOf(a);
          if (ins.op === 'TD') ts.tl = -ty;
          tlm = concat([1, 0, 0, 1, tx, ty], tlm);
          tm = tlm;
          break;
        }
        case 'Tm': { const v = numsOf(a); if (v.length === 6) { tlm = v as Matrix; tm = tlm; } break; }
        case 'T*': tlm = concat([1, 0, 0, 1, 0, -ts.tl], tlm); tm = tlm; break;
        case 'Tj': case 'TJ': case "'": case '"': {
          let prefix = '';
          if (ins.op === '"') {
            const [aw = 0, ac = 0] = numsOf(a);
            ts.tw = aw;
            ts.tc = ac;
            prefix = `${fmt(aw)} Tw ${fmt(ac)} Tc `;
          }
          if (ins.op === "'" || ins.op === '"') {
            tlm = concat([1, 0, 0, 1, 0, -ts.tl], tlm);
            tm = tlm;
            prefix += 'T* ';
          }
          const items: string[] = [];
          let any = false;
          const elements = ins.op === 'TJ' ? (a[0]?.kind === 'array' ? a[0].items : []) : a.filter((t) => t.kind === 'str');
          for (const el of elements) {
            if (el.kind === 'str') any = show(el.bytes, items) || any;
            else if (el.kind === 'num') {
              items.push(fmt(el.value));
              tm = concat([1, 0, 0, 1, (-el.value / 1000) * ts.size * ts.th, 0], tm);
            }
          }
          if (any) edits.push({ start: ins.start, end: ins.end, text: `${prefix}[${items.join(' ')}] TJ` });
          break;
        }
        case 'Do': {
          const name = a[0];
          if (!(xobjects instanceof PDFDict) || name?.kind !== 'name' || depth > 12) break;
          const ref = xobjects.get(N(name.value));
          const x = context.lookup(ref);
          if (!(x instanceof PDFStream) || context.lookup(x.dict.get(N('Subtype'))) !== N('Form')) break;
          const body = decoded(x);
          if (!body) break;
          const m = context.lookup(x.dict.get(N('Matrix')));
          const fm = m instanceof PDFArray && m.size() === 6 ? (m.asArray().map((v) => { const o = context.lookup(v); return o instanceof PDFNumber ? o.asNumber() : 0; }) as Matrix) : IDENTITY;
          const res = context.lookup(x.dict.get(N('Resources')));
          const inner = { dict: res instanceof PDFDict ? res : undefined };
          const out = rewrite(body, inner.dict ?? resources, concat(fm, gs.ctm), depth + 1, inner);
          if (out) {
            // A copy of the form with the glyphs taken out, under the same name in a copy of these resources.
            const stream = context.flateStream(out, {});
            for (const [k, v] of x.dict.entries()) {
              if (k !== N('Length') && k !== N('Filter') && k !== N('DecodeParms')) stream.dict.set(k, v);
            }
            if (inner.dict) stream.dict.set(N('Resources'), inner.dict);
            const copy = context.register(stream);
            const res2 = (resourcesOut.dict ?? resources ?? context.obj({})).clone(context);
            const xo = context.lookup(res2.get(N('XObject')));
            const xo2 = xo instanceof PDFDict ? xo.clone(context) : context.obj({});
            xo2.set(N(name.value), copy);
            res2.set(N('XObject'), xo2);
            resourcesOut.dict = res2;
            formsChanged = true;
          }
          break;
        }
        default: break;
      }
    }
    if (edits.length === 0 && !formsChanged) return null;
    const parts: Uint8Array[] = [];
    let at = 0;
    for (const e of edits) {
      parts.push(content.subarray(at, e.start), Buffer.from(e.text, 'latin1'));
      at = e.end;
    }
    parts.push(content.subarray(at));
    return Buffer.concat(parts);
  };

  const res = context.lookup(page.get(N('Resources')));
  const out = { dict: res instanceof PDFDict ? res : undefined };
  const c = context.lookup(page.get(N('Contents')));
  const streams = c instanceof PDFArray ? c.asArray() : c === undefined ? [] : [c];
  const body = Buffer.concat(streams.map((s) => decoded(context.lookup(s)) ?? new Uint8Array()).flatMap((b) => [b, Uint8Array.of(10)]));
  const rewritten = rewrite(body, out.dict, IDENTITY, 0, out);
  if (rewritten) {
    page.set(N('Contents'), context.register(context.flateStream(rewritten)));
    if (out.dict) page.set(N('Resources'), out.dict);
  }
  return removed;
}

/** Whether any font reachable from the page is a simple font without /Widths (then pdf-lib's metrics are needed). */
function fontsNeedMetrics(doc: PDFDocument, pageIndex: number): boolean {
  const context = doc.context;
  const seen = new Set<PDFObject>();
  const stack: Array<PDFObject | undefined> = [doc.getPage(pageIndex).node.get(N('Resources'))];
  while (stack.length > 0) {
    const res = context.lookup(stack.pop());
    if (!(res instanceof PDFDict) || seen.has(res)) continue;
    seen.add(res);
    const fonts = context.lookup(res.get(N('Font')));
    if (fonts instanceof PDFDict) {
      for (const f of fonts.values()) {
        const font = context.lookup(f);
        if (font instanceof PDFDict && font.get(N('Subtype')) !== N('Type0') && font.get(N('Widths')) === undefined) return true;
      }
    }
    const xo = context.lookup(res.get(N('XObject')));
    if (xo instanceof PDFDict) {
      for (const x of xo.values()) {
        const s = context.lookup(x);
        if (s instanceof PDFStream && !seen.has(s)) { seen.add(s); stack.push(s.dict.get(N('Resources'))); }
      }
    }
  }
  return false;
}
