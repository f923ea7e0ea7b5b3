import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../../shared/api/command.ts';
import { contract, type CommandName } from '../../../shared/api/contract.ts';
import { ROLES } from '../../../shared/api/roles.ts';
import { Vault } from '../../../electron/vault/vault.ts';
import { makeBackend, signInOn } from '../../support/backend.ts';
import { populatedVault, type Populated } from './populated.ts';
import { changedParts, changeStamp, installChangeCounter, stateHashes } from './state.ts';
import { CALLERS, makeWorld, STEPS, type Caller, type World } from './sweep-plan.ts';
import { exampleOf } from './hostile.ts';
import { validHostilePayloads, type IdPools } from './valid-hostile.ts';

// Issue 11 §2, the handlers fuzzed: payloads every schema ACCEPTS (valid-hostile.ts: boundary numbers, unknown IDs,
// other users' and other candidates' IDs, strings as long as allowed, Unicode edge cases, prototype-named record keys),
// sent to every command as every caller allowed to call it — the candidate with the other candidate's IDs — and, when
// accepted, sent again (a double click, a replayed call). Each answer must be a value, never `internal`; a refusal
// must leave every table (but the audit log, which records refusals) and the key-slot file exactly as they were; the
// audit chain must verify at the end. `LITDESK_FUZZ_VALID_RUNS` payloads per command (the torture run raises it);
// the seed is printed and `LITDESK_SEED` replays a run.
const RUNS = Number(process.env.LITDESK_FUZZ_VALID_RUNS ?? 10);
/**
 * Commands that render a PDF, derive a key or build an export cost 0.3-1.2 s a call on a loaded 2-core box: the
 * default run sends them fewer payloads and no repeats, so the file stays near a minute; the torture run does all.
 */
const HEAVY: Partial<Record<CommandName, number>> = {
  'reports.export': 2, 'session.login': 3, 'requests.proof': 3, 'notices.pdf': 3, 'billing.documentPdf': 3, 'vault.create': 2,
  'reports.spend': 4, 'reports.equalTreatment': 4, 'merge.calibration': 3,
};
const FULL = process.env.LITDESK_FUZZ_VALID_RUNS !== undefined;
/**
 * The sweep's own limit grows with its payloads: the torture run's 200 per command (heavy commands included) ran
 * past a fixed 300 s and was stopped half way, which the torture runner's --testTimeout cannot raise (a test's own
 * limit wins). Two minutes per payload per command is far above what a loaded machine needs.
 */
const TIMEOUT_MS = FULL ? Math.max(300_000, RUNS * 120_000) : 300_000;
const SEED = Number(process.env.LITDESK_SEED ?? Math.floor(Math.random() * 2 ** 31));

let v: Populated;
let w: World;
let pools: IdPools;
/** A connection of the test's own, for the state digest: the chair's session may be locked by the call under test. */
let probe: Vault;
/** A full fingerprint at the start, to show the counter itself is honest (see the last test). */
let fullBefore: Record<string, string>;
type Finding = { command: string; caller: Caller; payload: string; problem: string };
const findings: Finding[] = [];
const perCommand: Record<string, number> = {};
const stats = { calls: 0, ok: 0, refused: 0, repeated: 0, payloads: 0, ms: 0 };

const describePayload = (p: unknown): string => {
  try {
    return (JSON.stringify(p, (_k, x: unknown) => (typeof x === 'string' && x.length > 40 ? `<${x.length} chars: ${x.slice(0, 12)}…>` : Array.isArray(x) && x.length > 5 ? `<array of ${x.length}>` : x)) ?? String(p)).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(p);
  }
};

beforeAll(async () => {
  console.info(`[fuzz-valid] seed ${SEED} (replay: LITDESK_SEED=${SEED}), ${RUNS} payloads per command`);
  v = await populatedVault();
  if (v.skipped.length) throw new Error(`population steps failed: ${v.skipped.join('; ')}`);
  const nobody = makeBackend({ vaultDir: v.dir, clock: () => v.backends.chair.now() }).backend;
  w = await makeWorld(v, nobody);
  // Durability is not under test; the validation, the handlers and their audit entries run exactly as in the app.
  for (const b of new Set(Object.values(v.backends))) b.vault!.db.pragma('synchronous=OFF');
  const chair = v.backends.chair;
  // The other candidate's own records: a request of theirs, so candidate A can aim at it.
  const lit = path.join(v.literatureDir, 'flyer.pdf');
  chair.grants.grantFile(lit, 'literature');
  const rb = await chair.dispatch('requests.submit', { candidateId: v.ids.candidateB, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: '2026-06-03', literaturePath: lit });
  if (!rb.ok) throw new Error(`could not submit candidate B's request: ${rb.error.code}`);
  // Targets for the user commands (never the four signed-in users, whose sessions the fuzz needs).
  const extra: number[] = [];
  for (const login of ['fuzz.one', 'fuzz.two']) {
    const r = await chair.dispatch('users.add', { login, displayName: login, role: 'auditor', candidateId: null, oneTimePassphrase: `temporary ${login} passphrase 9` });
    if (r.ok) extra.push((r.value as { id: number }).id);
  }
  probe = (await Vault.unlock(v.dir, v.logins.chair.login, v.logins.chair.passphrase)).vault;
  const db = probe.db;
  installChangeCounter(db);
  fullBefore = stateHashes(db, v.dir);
  const ids = (sql: string) => db.prepare(sql).pluck().all() as number[];
  const unknown = [999_999, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER];
  pools = {
    any: [1, 2, 3, ...unknown],
    candidateId: [...ids('SELECT id FROM candidates'), ...unknown],
    requestId: [...ids('SELECT id FROM requests'), ...unknown],
    electionId: [...ids('SELECT id FROM elections'), ...unknown],
    userId: [...extra, ...unknown],
    documentId: [...ids('SELECT id FROM billing_documents'), ...unknown],
    noticeId: [1, 2, 3, 4, ...unknown],
    offerId: [...ids('SELECT id FROM extra_access_offers'), ...unknown],
    sessionId: [1, 2, ...unknown],
    jobId: [1, 2, ...unknown],
    seedId: [1, 2, ...unknown],
    disputeId: [1, 2, ...unknown],
    grantId: [1, 2, ...unknown],
    id: [v.canaryRows.first, v.canaryRows.middle, v.canaryRows.last, 1, ...unknown],
  };
}, 120_000);

afterAll(() => {
  const dir = path.join(process.cwd(), 'test-results', 'hardening');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'fuzz-valid.json'), JSON.stringify({ seed: SEED, runsPerCommand: RUNS, ...stats, findings }, null, 1));
  for (const b of new Set(Object.values(w?.backends ?? {}))) b.lock('test over');
  probe?.close();
});

/** Signs back in whoever a call locked out, accepts a new agreement, empties the signed-out workstation. */
async function repairSessions(): Promise<boolean> {
  let acted = false;
  if (w.backends.nobody.vault) w.backends.nobody.lock('stays empty');
  for (const role of ROLES) {
    const b = w.backends[role];
    if (!b.vault || !b.user || b.vaultDir !== v.dir) {
      const r = await signInOn(b, v.logins[role], v.logins.chair);
      if (!r.ok) throw new Error(`could not sign ${role} back in: ${r.error.code}`);
      b.vault!.db.pragma('synchronous=OFF');
      acted = true;
    }
    const me = await b.dispatch('session.me', {});
    const pending = me.ok ? (me.value as { agreementPending: { version: number } | null }).agreementPending : null;
    if (pending) {
      await b.dispatch('agreement.accept', { version: pending.version });
      acted = true;
    }
  }
  return acted;
}

// Public commands (setup, sign-in, lock) go to the workstation nobody is signed in to: a wrong passphrase for
// 'chair' then throttles the chair's sign-in as it should, and no session the test relies on is locked.
const callersFor = (spec: CommandSpec): Caller[] =>
  spec.roles === 'public' ? ['nobody'] : spec.roles === 'anyUser' ? [...ROLES] : CALLERS.filter((c) => (spec.roles as readonly string[]).includes(c));

/** Refusals that change a file by design: a wrong passphrase counts towards the sign-in delay. */
const EXPECTED_FILE_CHANGES: Record<string, string[]> = { 'auth.badCredentials': ['file:throttle.json'], 'auth.throttled': ['file:throttle.json'] };

let digestMs = 0;
const state = () => {
  const t = performance.now();
  const s = changeStamp(probe.db, v.dir);
  digestMs += performance.now() - t;
  return s;
};

describe(`schema-valid hostile payloads: ${RUNS} per command, every allowed caller`, () => {
  const names = Object.keys(contract) as CommandName[];

  it('reach the handlers and never end in an internal error or a change on refusal', async () => {
    const t0 = performance.now();
    let before = state();
    for (const [i, name] of names.entries()) {
      const spec = contract[name] as CommandSpec;
      const callers = callersFor(spec);
      // Never sign a session's own user out of reach (its passphrase would be unknown to the test afterwards).
      if (name === 'session.changePassphrase') continue;
      const bases = STEPS.filter((s) => s.command === name).flatMap((s) => callers.map((c) => { try { return s.input(w, c); } catch { return undefined; } }));
      // Bases aim at the fuzz's own targets (an example's id 1 would be the chair's own account).
      bases.push(Object.fromEntries(Object.entries((exampleOf(spec.input) ?? {}) as object).map(([k, x]) => [k, pools[k]?.[0] ?? x])));
      const heavy = !FULL && HEAVY[name] !== undefined;
      const { payloads } = validHostilePayloads(spec.input, bases, pools, heavy ? HEAVY[name]! : RUNS, SEED + i);
      stats.payloads += payloads.length;
      const c0 = performance.now();
      for (const p of payloads) {
        expect(spec.input.safeParse(p).success, `${name}: the generator made an invalid payload`).toBe(true);
        for (const caller of callers) {
          for (let attempt = 0; attempt < 2; attempt++) {
            stats.calls++;
            let code: string;
            try {
              const r = await w.backends[caller].dispatch(name, p);
              code = r.ok ? 'ok' : r.error.code;
            } catch (err) {
              code = `threw ${(err as Error).name}`;
            }
            const after = state();
            if (code === 'internal' || code.startsWith('threw')) {
              findings.push({ command: name, caller, payload: describePayload(p), problem: `${code}${attempt ? ' (repeated call)' : ''}` });
            } else if (code !== 'ok') {
              stats.refused++;
              const changed = changedParts(before, after).filter((k) => !(EXPECTED_FILE_CHANGES[code] ?? []).includes(k));
              if (changed.length) findings.push({ command: name, caller, payload: describePayload(p), problem: `refused (${code}) but changed ${changed.join(', ')}` });
            } else stats.ok++;
            before = (await repairSessions()) ? state() : after;
            if (code !== 'ok' || heavy) break;
            if (attempt === 0) stats.repeated++;
          }
        }
      }
      perCommand[name] = performance.now() - c0;
    }
    stats.ms = Math.round(performance.now() - t0);
    console.info(`[fuzz-valid] slowest commands: ${Object.entries(perCommand).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([c, ms]) => `${c} ${Math.round(ms)} ms`).join(', ')}`);
    const sizes = (probe.db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all() as string[])
      .map((t) => [t, probe.db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number] as const).filter(([, c]) => c > 100);
    console.info(`[fuzz-valid] big tables: ${sizes.map(([t, c]) => `${t} ${c}`).join(', ')}`);
    console.info(`[fuzz-valid] ${stats.payloads} payloads, ${stats.calls} calls (${stats.repeated} repeats of accepted calls): ${stats.ok} accepted, ${stats.refused} refused, ${findings.length} findings, ${stats.ms} ms (${Math.round(digestMs)} ms of it reading the change counter)`);
    expect(findings.map((f) => `${f.command} × ${f.caller}: ${f.problem} for ${f.payload} (LITDESK_SEED=${SEED})`)).toEqual([]);
  }, TIMEOUT_MS);

  it('the change counter sees what a full fingerprint sees', () => {
    // Accepted calls changed tables, so the counter must have moved if and only if the fingerprint did.
    expect(changedParts(fullBefore, stateHashes(probe.db, v.dir)).some((k) => k.startsWith('table:'))).toBe(stats.ok > 0);
    expect(Number(changeStamp(probe.db, v.dir).rows)).toBeGreaterThan(0);
  });

  it('leave the audit chain intact', async () => {
    const r = await w.backends.chair.dispatch('audit.verify', {});
    expect(r.ok ? r.value : r.error).toMatchObject({ ok: true });
  });
});
