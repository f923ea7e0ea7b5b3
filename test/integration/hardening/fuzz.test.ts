import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/core/backend.ts';
import type { CommandSpec } from '../../../shared/api/command.ts';
import { contract, type CommandName } from '../../../shared/api/contract.ts';
import type { Role } from '../../../shared/api/roles.ts';
import { invokeBackend } from '../../../electron/core/bridge.ts';
import { DEEP_ARRAY, DEEP_OBJECT, HUGE_STRING, exampleOf, invalidPayloads, protoObject } from './hostile.ts';
import { populatedVault, type Populated } from './populated.ts';
import { changedParts, stateHashes } from './state.ts';

// Issue 8, hostile input: every command in the contract (read at run time, so commands added later are covered)
// gets RUNS payloads its schema refuses, sent through the router as a role allowed to call it. Each must come back
// as the value `api.invalidInput` — no throw, no crash — and leave every table but the audit log as it was.
// 1,000 per command is the figure: `LITDESK_FUZZ_RUNS=1000` (the torture run) does that, 77,000 payloads in
// about 75 s of one core; `npm test` runs 250 per command to stay well inside its time (docs/reliability-and-security.md).
const RUNS = Number(process.env.LITDESK_FUZZ_RUNS ?? 250);
const SEED = 0x8f3a;
const ROLE_PREFERENCE: Role[] = ['chair', 'candidate', 'staff', 'auditor'];

let v: Populated;
const protoBefore = {
  object: Object.getOwnPropertyNames(Object.prototype).sort().join(','),
  array: Object.getOwnPropertyNames(Array.prototype).sort().join(','),
  fn: Object.getOwnPropertyNames(Function.prototype).sort().join(','),
};
type Stat = { command: string; role: Role; runs: number; acceptedByChance: number; totalMs: number; maxMs: number };
const stats: Stat[] = [];

beforeAll(async () => {
  v = await populatedVault();
  // Each refusal commits one audit entry, and with synchronous=FULL each commit waits for fsync: on a busy CI disk
  // that made 4 ms of the 4.1 ms a payload cost (measured). Durability is not under test here, so these connections
  // skip the fsync; validation, refusal and the audit write itself run exactly as in the app.
  for (const b of new Set(Object.values(v.backends))) b.vault!.db.pragma('synchronous=OFF');
  if (v.skipped.length) console.info(`[fuzz] population steps skipped: ${v.skipped.join('; ')}`);
}, 120_000);

afterAll(() => {
  if (stats.length === 0) return;
  const dir = path.join(process.cwd(), 'test-results', 'hardening');
  fs.mkdirSync(dir, { recursive: true });
  const total = stats.reduce((s, x) => s + x.runs, 0);
  const ms = stats.reduce((s, x) => s + x.totalMs, 0);
  fs.writeFileSync(path.join(dir, 'fuzz.json'), JSON.stringify({
    runsPerCommand: RUNS, commands: stats.length, payloads: total, msPerPayload: +(ms / total).toFixed(3),
    maxMsOnePayload: Math.max(...stats.map((s) => s.maxMs)), stats,
  }, null, 1));
  for (const b of Object.values(v.backends)) b.lock('test over');
});

const roleFor = (spec: CommandSpec): Role =>
  spec.roles === 'public' || spec.roles === 'anyUser'
    ? 'chair'
    : ROLE_PREFERENCE.find((r) => (spec.roles as readonly Role[]).includes(r))!;

/** A short, safe description of a payload for a failure message (payloads may hold 1 MB strings). */
const describePayload = (p: unknown): string => {
  try {
    const s = JSON.stringify(p, (_k, x: unknown) => (typeof x === 'string' && x.length > 40 ? `<${x.length} chars>` : typeof x === 'bigint' ? `${x}n` : x));
    return (s ?? String(p)).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(p);
  }
};

describe(`hostile payloads: ${RUNS} per command`, () => {
  const names = Object.keys(contract) as CommandName[];

  for (const name of names) {
    const spec = contract[name] as CommandSpec;
    it(`${name} refuses every hostile payload without a change`, async () => {
      const role = roleFor(spec);
      const backend: Backend = v.backends[role];
      const db = v.backends.chair.vault!.db;
      const { payloads, acceptedByChance } = invalidPayloads(spec.input, RUNS, SEED + names.indexOf(name));
      expect(payloads.length).toBe(RUNS);
      const before = stateHashes(db, v.dir);
      const wrong: string[] = [];
      let maxMs = 0;
      const t0 = performance.now();
      for (const p of payloads) {
        const t = performance.now();
        let code: string;
        try {
          const r = await backend.dispatch(name, p);
          code = r.ok ? 'ok (accepted)' : r.error.code;
        } catch (err) {
          code = `threw ${(err as Error).name}`;
        }
        maxMs = Math.max(maxMs, performance.now() - t);
        if (code !== 'api.invalidInput' && wrong.length < 5) wrong.push(`${code} for ${describePayload(p)}`);
      }
      stats.push({ command: name, role, runs: payloads.length, acceptedByChance, totalMs: Math.round(performance.now() - t0), maxMs: Math.round(maxMs) });
      expect(wrong).toEqual([]);
      expect(backend.vault, 'the session is still open').not.toBeNull();
      expect(changedParts(before, stateHashes(db, v.dir))).toEqual([]);
    }, 120_000);
  }

  it('refuses 10,000-level nesting, 1 MB strings and prototype keys in every field of every command, via the bridge', async () => {
    const wrong: string[] = [];
    for (const name of names) {
      const spec = contract[name] as CommandSpec;
      const base = exampleOf(spec.input);
      const keys = base !== null && typeof base === 'object' ? Object.keys(base) : [];
      const payloads: unknown[] = [DEEP_OBJECT, DEEP_ARRAY, HUGE_STRING, protoObject()];
      for (const filler of [DEEP_OBJECT, DEEP_ARRAY, HUGE_STRING, protoObject()]) {
        for (const k of keys) payloads.push({ ...(base as object), [k]: filler });
      }
      for (const p of payloads) {
        if (spec.input.safeParse(p).success) continue;
        const r = await invokeBackend(v.backends[roleFor(spec)], 'api', { command: name, input: p }, async () => null);
        if (r.ok || r.error.code !== 'api.invalidInput') wrong.push(`${name}: ${r.ok ? 'accepted' : r.error.code}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses unknown and prototype-named commands as values', async () => {
    for (const command of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'users.list ', 'USERS.LIST', '', null, 42, {}, ['users.list'], Symbol('x')]) {
      const r = await v.backends.chair.dispatch(command, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'api.unknownCommand' } });
    }
  });

  it('leaves Object.prototype, Array.prototype and Function.prototype unpolluted', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(protoBefore.object);
    expect(Object.getOwnPropertyNames(Array.prototype).sort().join(',')).toBe(protoBefore.array);
    expect(Object.getOwnPropertyNames(Function.prototype).sort().join(',')).toBe(protoBefore.fn);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('still serves every role and keeps an intact audit chain afterwards', async () => {
    for (const role of ['chair', 'staff', 'auditor', 'candidate'] as const) {
      expect((await v.backends[role].dispatch('session.me', {})).ok).toBe(true);
    }
    const verdict = await v.backends.chair.dispatch('audit.verify', {});
    expect(verdict).toMatchObject({ ok: true, value: { ok: true } });
  });
});
