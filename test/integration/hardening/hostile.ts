// Hostile payloads derived from a command's zod schema (issue 8): a plausible valid payload is built from the schema,
// then one spot is broken — a hostile value, a missing key, an extra key (prototype-pollution names included), an
// array where an object belongs — or the whole payload is replaced. Payloads are plain data, as IPC's structured
// clone delivers them (Maps, Dates, typed arrays and bigints survive structured clone, so they are included).
import fc from 'fast-check';
import type { z } from 'zod';

/** Internal view of a zod 4 schema: its `def` says what it is (object, string, union ...). */
type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; valueType?: z.ZodType; keyType?: z.ZodType;
  options?: z.ZodType[]; entries?: Record<string, string | number>; values?: unknown[];
};
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const STRING_TRIES = ['Local 42 flyer', '2026-06-01', '123456', '040', '0'.repeat(64), '92843', '928', 'chair', 'a'];
const NUMBER_TRIES = [1, 12, 100, 0, 5000, 72, 36, 0.5];

/** A value the schema most likely accepts (tries candidates against the sub-schema itself). */
export function exampleOf(schema: z.ZodType, depth = 0): unknown {
  const def = defOf(schema);
  const first = (tries: unknown[]) => tries.find((t) => schema.safeParse(t).success) ?? tries[0];
  if (depth > 20) return null;
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(def.shape ?? {})) out[k] = exampleOf(v, depth + 1);
      return out;
    }
    case 'string': return first(STRING_TRIES);
    case 'number': return first(NUMBER_TRIES);
    case 'boolean': return true;
    case 'enum': return Object.values(def.entries ?? {})[0];
    case 'literal': return def.values?.[0];
    case 'array': {
      const one = exampleOf(def.element!, depth + 1);
      return first([[one], [one, one], [one, one, one]]);
    }
    case 'optional': case 'nullable': case 'default': case 'readonly': case 'catch': case 'nonoptional':
      return exampleOf(def.innerType!, depth + 1);
    case 'pipe': return exampleOf(def.in!, depth + 1);
    case 'union': return exampleOf(def.options![0]!, depth + 1);
    case 'record': {
      const keys = defOf(def.keyType!).type === 'enum' ? Object.values(defOf(def.keyType!).entries ?? {}) : ['key'];
      return { [String(keys[0])]: exampleOf(def.valueType!, depth + 1) };
    }
    case 'null': return null;
    default: return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile building blocks, built once (the big ones are shared by reference: the router must not mutate input).

export const HUGE_STRING = 'A'.repeat(1 << 20);
export const DEPTH = 10_000;

function deepObject(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
function deepArray(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
export const DEEP_OBJECT = deepObject(DEPTH);
export const DEEP_ARRAY = deepArray(DEPTH);

/** Own properties named like the prototype chain, as JSON.parse (and structured clone) creates them. */
export const protoObject = (): Record<string, unknown> =>
  JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}') as Record<string, unknown>;

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

const weirdStrings = fc.constantFrom(
  '', ' ', '\u0000', 'a\u0000b', 'chair\u0000', '\u202Eevil\u202C', 'abc\u200F', '\u200B', '\uFEFF', '\uD800',
  '\uDFFF\uD800', 'ǅ', '𝕃𝕠𝕔𝕒𝕝', '../../etc/passwd', 'C:\\Windows\\System32', "'; DROP TABLE members; --", '%s%n%x',
  '${process.env}', '<script>alert(1)</script>', '1e309', 'NaN', '-1', '0x10', '2026-02-30', '9999-99-99', 'null',
  'undefined', '__proto__', 'constructor', 'x'.repeat(65), 'x'.repeat(4097), '\r\n', '\t', 'Zyxwvuqñ',
);

const weirdNumbers = fc.constantFrom(
  NaN, Infinity, -Infinity, -0, 0, -1, 1.5, -2.5, 0.1, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE,
  Number.MIN_VALUE, Number.EPSILON, 1e308, 1_000_000_001, 100_000_000_01,
);

/** One hostile value (a leaf, or a structure in place of a leaf). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: weirdNumbers, weight: 4 },
  { arbitrary: weirdStrings, weight: 4 },
  { arbitrary: fc.constantFrom<unknown>(null, undefined, true, false, [], {}, [[]], [{}], 0n, -1n, 2n ** 70n), weight: 3 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.constant(HUGE_STRING), weight: 1 },
  { arbitrary: fc.constant(DEEP_OBJECT), weight: 1 },
  { arbitrary: fc.constant(DEEP_ARRAY), weight: 1 },
  { arbitrary: fc.constant(null).map(() => protoObject()), weight: 2 },
  { arbitrary: fc.constant(null).map(() => [protoObject()]), weight: 1 },
  { arbitrary: fc.constant(null).map((): unknown => new Date(NaN)), weight: 1 },
  { arbitrary: fc.constant(null).map((): unknown => new Map([['a', 1]])), weight: 1 },
  { arbitrary: fc.constant(null).map((): unknown => new Uint8Array([0, 1, 2])), weight: 1 },
  { arbitrary: fc.constant(null).map((): unknown => new Set([1])), weight: 1 },
  { arbitrary: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }), weight: 2 },
);

const hostileKey = fc.oneof(fc.constantFrom(...PROTO_KEYS), weirdStrings, fc.string({ maxLength: 12 }));

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/**
 * Every place in a JSON-like value where a value sits (for choosing where to break it). Hostile values already put in
 * (`opaque`) are not entered: they may be shared between payloads and must stay as they are.
 */
function slots(root: unknown, opaque: Set<unknown>): Slot[] {
  const out: Slot[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (opaque.has(v)) continue;
    if (Array.isArray(v)) v.forEach((c, i) => { out.push({ parent: v, key: i }); stack.push(c); });
    else if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) { out.push({ parent: v as Record<string, unknown>, key: k }); stack.push(c); }
  }
  return out;
}
function containers(root: unknown, opaque: Set<unknown>): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (opaque.has(v)) continue;
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') { out.push(v as Record<string, unknown>); stack.push(...Object.values(v)); }
  }
  return out;
}

/** Sets an own property even for '__proto__' (plain assignment would change the prototype instead). */
const setOwn = (o: Record<string, unknown>, k: string, v: unknown) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'extra'; at: number; key: string; value: unknown }
  | { kind: 'wrapArray'; at: number }
  | { kind: 'whole'; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('extra' as const), at: fc.nat(), key: hostileKey, value: hostileValue }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('wrapArray' as const), at: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostileValue }), weight: 2 },
);

function apply(base: unknown, muts: Mutation[]): unknown {
  let root = structuredClone(base);
  const opaque = new Set<unknown>();
  for (const m of muts) {
    if ('value' in m && m.value !== null && typeof m.value === 'object') opaque.add(m.value);
    if (m.kind === 'whole') { root = m.value; continue; }
    if (m.kind === 'extra') {
      const cs = containers(root, opaque);
      if (cs.length === 0) { root = m.value; continue; }
      setOwn(cs[m.at % cs.length]!, m.key, m.value);
      continue;
    }
    const ss = slots(root, opaque);
    if (ss.length === 0) { root = m.kind === 'replace' ? m.value : [root]; continue; }
    const s = ss[m.at % ss.length]!;
    if (m.kind === 'replace') {
      if (Array.isArray(s.parent)) s.parent[s.key as number] = m.value; else setOwn(s.parent, s.key as string, m.value);
    } else if (m.kind === 'delete') {
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1); else delete s.parent[s.key as string];
    } else {
      const v = Array.isArray(s.parent) ? s.parent[s.key as number] : s.parent[s.key as string];
      if (Array.isArray(s.parent)) s.parent[s.key as number] = [v]; else setOwn(s.parent, s.key as string, [v]);
    }
  }
  return root;
}

/** Hostile payloads for one schema: its example with one to three spots broken. */
export const hostilePayload = (schema: z.ZodType): fc.Arbitrary<unknown> => {
  const base = exampleOf(schema);
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((muts) => apply(base, muts));
};

/**
 * `count` payloads the schema refuses, sampled with a fixed seed. Payloads the schema happens to accept are
 * counted, not returned: running them would be a legitimate call (e.g. `session.lock {}`), not a hostile one.
 */
export function invalidPayloads(schema: z.ZodType, count: number, seed: number): { payloads: unknown[]; acceptedByChance: number } {
  const payloads: unknown[] = [];
  let acceptedByChance = 0;
  let round = 0;
  while (payloads.length < count && round < 20) {
    for (const p of fc.sample(hostilePayload(schema), { seed: seed + round, numRuns: count })) {
      if (payloads.length >= count) break;
      // The router treats a missing input as {}: judge the payload the way it will.
      if (schema.safeParse(p ?? {}).success) acceptedByChance++;
      else payloads.push(p);
    }
    round++;
  }
  return { payloads, acceptedByChance };
}
