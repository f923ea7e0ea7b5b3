import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandSpec, MemberDataPolicy } from '../../../shared/api/command.ts';
import { contract, type CommandName } from '../../../shared/api/contract.ts';
import { makeBackend, signInOn } from '../../support/backend.ts';
import { ALL_CANARY_NEEDLES, CANARIES, CANARY, CANARY_NEEDLES, canaryOf, findInValue, type CanaryKey } from '../../support/canary-scan.ts';
import { populatedVault, type Populated } from './populated.ts';
import { CALLERS, grantWorld, makeWorld, STEPS, stepLabel, type Caller, type World } from './sweep-plan.ts';

// Issue 8 / issue 11 §2, exfiltration: every command × every caller (four roles and a workstation nobody is signed in
// to), each with a VALID sample (sweep-plan.ts walks one election through its life), on a vault holding three canary
// members: the first row, one in the middle, the last (by row id, by name and by ZIP). An answer (value or error) may
// show a canary only where the command's declared `memberData` policy allows it: 'member' to staff and chair,
// 'inspection' to the candidate in their own open inspection session (issue 13); 'none' and 'counts' never. And where the
// policy allows it and the sample aims at a canary (by row id, by name, by member ID, its inspection page), the
// answer MUST show it: a sweep that never reaches its canary proves nothing.
let v: Populated;
let w: World;
type Seen = { step: string; command: CommandName; caller: Caller; policy: MemberDataPolicy; outcome: string; hits: string[]; canaries: Set<CanaryKey>; allowed: boolean; ms: number };
const seen: Seen[] = [];

beforeAll(async () => {
  v = await populatedVault();
  if (v.skipped.length) throw new Error(`population steps failed: ${v.skipped.join('; ')}`);
  const nobody = makeBackend({ vaultDir: v.dir, clock: () => v.backends.chair.now() }).backend;
  w = await makeWorld(v, nobody);
}, 120_000);

afterAll(() => { for (const b of new Set(Object.values(w?.backends ?? {}))) b.lock('test over'); });

/** A step may lock a session (session.lock), publish a new agreement or open another vault: put things back as a user would. */
async function repairSessions(): Promise<void> {
  if (w.backends.nobody.vault) w.backends.nobody.lock('the sweep\'s empty workstation stays empty');
  for (const role of ['chair', 'staff', 'auditor', 'candidate'] as const) {
    const b = w.backends[role];
    if (!b.vault || !b.user || b.vaultDir !== v.dir) {
      const r = await signInOn(b, v.logins[role], v.logins.chair);
      if (!r.ok) throw new Error(`could not sign ${role} back in: ${r.error.code}`);
      grantWorld(w);
    }
    const me = await b.dispatch('session.me', {});
    const pending = me.ok ? (me.value as { agreementPending: { version: number } | null }).agreementPending : null;
    if (pending) await b.dispatch('agreement.accept', { version: pending.version });
  }
}

async function inspectionOpen(): Promise<boolean> {
  const r = await w.backends.chair.dispatch('inspection.status', { electionId: v.ids.electionId });
  return r.ok && (r.value as { activeSession: unknown }).activeSession !== null;
}

/**
 * The audit trail says which member record a user opened, by member ID (domain rule: audit details may hold member
 * IDs and counts, never names or addresses). Its readers may therefore see a canary's ID, and only its ID.
 */
const AUDIT_TRAIL = new Set<string>(['audit.list', 'reports.export']);
const MEMBER_IDS = new Set(Object.values(CANARIES).map((c) => c.member.memberId));

const mayCarry = (policy: MemberDataPolicy, caller: Caller, inspecting: boolean): boolean =>
  (policy === 'member' && (caller === 'chair' || caller === 'staff')) ||
  (policy === 'inspection' && caller === 'candidate' && inspecting);

describe('no response carries member data beyond its declared policy, and each allowed place shows the canaries', () => {
  it('the canaries are where the sweep looks: first row, middle row, last row; first, middle and last by name', () => {
    const db = w.backends.chair.vault!.db;
    const rows = db.prepare('SELECT id FROM members ORDER BY id').pluck().all() as number[];
    expect(v.canaryRows.first).toBe(rows[0]);
    expect(v.canaryRows.last).toBe(rows.at(-1));
    expect(v.canaryRows.middle).toBeGreaterThan(rows[10]!);
    expect(v.canaryRows.middle).toBeLessThan(rows.at(-10)!);
    const byName = db.prepare('SELECT member_id FROM members ORDER BY print_name, id').pluck().all() as string[];
    expect(byName[0]).toBe(CANARIES.first.member.memberId);
    // Names sort as bytes (inspection.ts): after "Z" come only names starting with an accented capital (Á, Ł, Ž ...).
    const lastAscii = byName.filter((id) => /^[A-Z]/.test(db.prepare('SELECT print_name FROM members WHERE member_id = ?').pluck().get(id) as string)).at(-1);
    expect(lastAscii).toBe(CANARY.memberId);
    // The detector itself: an upper-cased name deep in a response, and the folded search word, are both caught.
    expect(findInValue({ a: [{ b: { print: 'ZYXWVUQÑ CANARYĐ' } }] }, CANARY_NEEDLES)).toHaveLength(1);
    expect(findInValue({ words: ['zyxwvuqn'] }, CANARY_NEEDLES)).toHaveLength(1);
    expect(findInValue({ id: '9f3a-77104' }, CANARY_NEEDLES)).toHaveLength(1);
    expect(findInValue({ x: 'MMQXJW CANARŶ' }, ALL_CANARY_NEEDLES).map((h) => canaryOf(h.needle))).toEqual(['middle']);
  });

  it('holds for every command × every caller, with valid samples', async () => {
    const names = Object.keys(contract) as CommandName[];
    const unplanned = names.filter((name) => !STEPS.some((s) => s.command === name));
    expect(unplanned.map((n) => `${n} has no step in test/integration/hardening/sweep-plan.ts: add one with a valid sample`)).toEqual([]);

    for (const step of STEPS) {
      await step.before?.(w);
      const spec = contract[step.command] as CommandSpec;
      for (const caller of CALLERS) {
        const inspecting = spec.memberData === 'inspection' ? await inspectionOpen() : false;
        const input = step.input(w, caller);
        const t0 = performance.now();
        const result = await w.backends[caller].dispatch(step.command, input);
        const found = findInValue(result, ALL_CANARY_NEEDLES).filter((h) => !(AUDIT_TRAIL.has(step.command) && MEMBER_IDS.has(h.needle)));
        if (result.ok && step.capture) (step.capture as (value: unknown, w: World, caller: Caller) => void)(result.value, w, caller);
        seen.push({
          step: stepLabel(step), command: step.command, caller, policy: spec.memberData,
          outcome: result.ok ? 'ok' : result.error.code,
          hits: found.map((h) => `${h.needle}@${h.path}${h.via === 'pdf' ? ' (pdf)' : ''}`),
          canaries: new Set(found.map((h) => canaryOf(h.needle))),
          allowed: result.ok && mayCarry(spec.memberData, caller, inspecting),
          ms: Math.round(performance.now() - t0),
        });
        if (!step.noRepair) await repairSessions();
      }
      if (step.noRepair !== 'untilNextStep') await repairSessions();
    }

    if (process.env.LITDESK_SWEEP_LOG) for (const s of seen) console.info(`${s.step} × ${s.caller}: ${s.outcome}${s.canaries.size ? ` [${[...s.canaries].join(',')}]` : ''}`);
    // 1. Nowhere else: no canary outside the policy.
    const leaks = seen.filter((s) => s.hits.length > 0 && !s.allowed);
    expect(leaks.map((l) => `${l.step} × ${l.caller} (${l.policy}, ${l.outcome}): ${l.hits.slice(0, 3).join(', ')}`)).toEqual([]);

    // 2. Wherever allowed and aimed at: every canary step shows its canary to every caller the policy allows.
    const missed: string[] = [];
    for (const step of STEPS.filter((s) => s.mustSee)) {
      const calls = seen.filter((s) => s.step === stepLabel(step));
      const allowedCalls = calls.filter((s) => s.allowed);
      if (allowedCalls.length === 0) missed.push(`${stepLabel(step)}: no caller allowed to see member data got an answer (${calls.map((c) => `${c.caller} ${c.outcome}`).join(', ')})`);
      for (const c of allowedCalls) {
        for (const k of step.mustSee!) if (!c.canaries.has(k)) missed.push(`${stepLabel(step)} × ${c.caller}: the ${k} canary is not in the answer`);
      }
    }
    expect(missed).toEqual([]);

    // 3. Every command answers "ok" for at least one caller: no command escapes the sweep by failing for everyone.
    const okCommands = new Set(seen.filter((s) => s.outcome === 'ok').map((s) => s.command));
    const neverOk = names.filter((n) => !okCommands.has(n))
      .map((n) => `${n}: ${seen.filter((s) => s.command === n).map((s) => `${s.caller} ${s.outcome}`).join(', ')}`);
    expect(neverOk).toEqual([]);
    expect(okCommands.size).toBe(names.length);

    // 4. A valid sample never ends in an internal error.
    expect(seen.filter((s) => s.outcome === 'internal').map((s) => `${s.step} × ${s.caller}`)).toEqual([]);

    const ok = seen.filter((s) => s.outcome === 'ok').length;
    console.info(`[exfiltration] ${seen.length} calls (${STEPS.length} steps over ${names.length} commands × ${CALLERS.length} callers), ${ok} answered ok, ` +
      `${okCommands.size}/${names.length} commands ok for at least one caller, canaries seen where allowed in ${seen.filter((s) => s.canaries.size > 0).length} answers`);
    console.info(`[exfiltration] slowest: ${[...seen].sort((a, b) => b.ms - a.ms).slice(0, 6).map((s) => `${s.step}×${s.caller} ${s.ms} ms`).join(', ')}`);
  }, 240_000);

  it('the audit chain is intact after the whole sweep', async () => {
    expect(await w.backends.chair.dispatch('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
  });
});
