// Schema-VALID hostile payloads (issue 11 §2): payloads every command's zod schema accepts, so they reach the
// handler, built the way an insider would try: boundary numbers, IDs that do not exist, IDs of other users' and other
// candidates' records, strings as long as the schema allows, Unicode edge cases, record keys named like the prototype
// chain. Each payload is one valid base with one leaf replaced; every payload is checked against the schema.
import type { z } from 'zod';
import { prng } from '../../support/prng.ts';
import { exampleOf } from './hostile.ts';

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; valueType?: z.ZodType; keyType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
};
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** IDs by the field name that carries them (the insider's favourites: someone else's record), plus an `any` pool. */
export type IdPools = Record<string, number[]> & { any: number[] };

const NUMBER_EDGES = [0, 1, 2, 3, -1, 0.5, 99, 100, 101, 999, 1000, 1001, 9_999, 10_000, 50_000, 999_999, 1_000_000,
  2 ** 31 - 1, 2 ** 31, 2 ** 32, 1e9, 1e10, 100_000_000_00, Number.MAX_SAFE_INTEGER];

/** Unicode and text edge cases that are valid strings: bidi overrides, zero-width, decomposed accents, astral plane. */
export const UNICODE_EDGES = [
  'a', ' a ', 'Ng\u0075\u0303\u0302yen', 'Nguyễn Thị Hương'.normalize('NFD'), '\u202Eevil\u202C name', 'zero\u200Bwidth',
  '\uFEFFbom', 'ǅǈǋ', '𝕃𝕠𝕔𝕒𝕝 𝟜𝟚', '👩🏽‍⚕️ nurse', 'اتحاد العمال', 'İstanbul ı', 'ß SS ẞ', "O'Brien; DROP TABLE members; --",
  '../../../etc/passwd', 'C:\\Windows\\System32\\config', '%s%n%x', '${process.env.HOME}', '<img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil.example","x")', '\r\n\t', 'Zyxwvuqñ Canaryđ', 'chair', '__proto__', 'constructor',
  '2026-02-30', '0000-00-00', '9999-12-31', '2026-06-30', '1970-01-01',
];

const DAY_EDGES = ['2026-02-29', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '1900-01-01', '2026-05-20', '2027-07-15'];

type Leaf = { path: Array<string | number>; schema: z.ZodType };

/** Unwraps optional / nullable / default / readonly / pipe wrappers. */
function core(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const d = defOf(s);
    if (['optional', 'nullable', 'default', 'readonly', 'catch', 'nonoptional', 'prefault'].includes(d.type)) s = d.innerType!;
    else if (d.type === 'pipe') s = d.in!;
    else break;
  }
  return s;
}

/** The leaves of `value` (built from `schema`) with the sub-schema that judges each. */
function leaves(schema: z.ZodType, value: unknown, at: Array<string | number> = [], out: Leaf[] = []): Leaf[] {
  const s = core(schema);
  const d = defOf(s);
  if (d.type === 'object' && value && typeof value === 'object') {
    for (const [k, sub] of Object.entries(d.shape ?? {})) leaves(sub, (value as Record<string, unknown>)[k], [...at, k], out);
    // Optional fields the base left out are leaves too (a hostile value may go there).
    return out;
  }
  if (d.type === 'union') {
    const branch = d.options!.find((o) => o.safeParse(value).success) ?? d.options![0]!;
    return leaves(branch, value, at, out);
  }
  out.push({ path: at, schema });
  return out;
}

/** Hostile values the leaf's own schema accepts. */
function hostileFor(leaf: Leaf, pools: IdPools): unknown[] {
  const s = core(leaf.schema);
  const d = defOf(s);
  const name = String(leaf.path.at(-1) ?? '');
  const tries: unknown[] = [];
  switch (d.type) {
    case 'number': {
      const n = s as z.ZodNumber;
      const min = Number.isFinite(n.minValue) ? n.minValue! : -1;
      const max = Number.isFinite(n.maxValue) ? n.maxValue! : Number.MAX_SAFE_INTEGER;
      tries.push(min, min + 1, max, max - 1, ...NUMBER_EDGES);
      if (/id$/i.test(name)) tries.push(...(pools[name] ?? pools.any));
      break;
    }
    case 'string': {
      const str = s as z.ZodString;
      const max = Math.min(str.maxLength ?? 100_000, 1 << 20);
      const min = str.minLength ?? 0;
      tries.push('', 'x'.repeat(max), 'ễ'.repeat(max), '𝕃'.repeat(Math.floor(max / 2)), ' '.repeat(max), 'x'.repeat(Math.max(min, 1)), ...UNICODE_EDGES, ...DAY_EDGES);
      tries.push('0'.repeat(64), 'f'.repeat(64), '000000', '999999999', '000');
      break;
    }
    case 'enum': tries.push(...Object.values(d.entries ?? {})); break;
    case 'boolean': tries.push(true, false); break;
    case 'literal': break;
    case 'array': {
      const one = exampleOf(d.element!);
      const hostileOne = hostileFor({ path: [...leaf.path, 0], schema: d.element! }, pools).slice(0, 40);
      tries.push([], [one], Array(2).fill(one), Array(500).fill(one), Array(5_000).fill(one), hostileOne, Array(1000).fill(hostileOne[1] ?? one));
      break;
    }
    case 'record': {
      const v = exampleOf(d.valueType!);
      const withKey = (k: string) => Object.defineProperty({}, k, { value: v, enumerable: true, writable: true, configurable: true });
      for (const k of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'ǅ', '']) tries.push(withKey(k));
      tries.push(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, v])));
      break;
    }
    default: break;
  }
  tries.push(undefined); // leave an optional field out
  return tries.filter((t) => leaf.schema.safeParse(t).success);
}

function setAt(root: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete o[last];
  else Object.defineProperty(o, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * Schema-valid hostile payloads for one command, deterministic: for each leaf, its hostile values in turn, spread over
 * the leaves round-robin so a small `count` still touches every field. `bases` are valid starting points (the sweep's
 * samples, the schema's own example).
 */
export function validHostilePayloads(schema: z.ZodType, bases: unknown[], pools: IdPools, count: number, seed: number): { payloads: unknown[]; candidates: number } {
  const rnd = prng(seed);
  const starts = bases.filter((b) => schema.safeParse(b).success);
  if (starts.length === 0) starts.push(exampleOf(schema));
  const perLeaf: unknown[][] = [];
  for (const base of starts) {
    for (const leaf of leaves(schema, base)) {
      const list = hostileFor(leaf, pools).map((v) => setAt(base, leaf.path, v)).filter((p) => schema.safeParse(p).success);
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      perLeaf.push(list);
    }
  }
  const candidates = perLeaf.reduce((s, l) => s + l.length, 0);
  const payloads: unknown[] = [];
  for (let round = 0; payloads.length < count && perLeaf.some((l) => l.length > round); round++) {
    for (const l of perLeaf) {
      if (payloads.length >= count) break;
      if (l.length > round) payloads.push(l[round]);
    }
  }
  return { payloads, candidates };
}
