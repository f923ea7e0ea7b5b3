import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/core/backend.ts';
import type { CommandSpec, MemberDataPolicy } from '../../../shared/api/command.ts';
import { contract, isCommandName, type CommandName } from '../../../shared/api/contract.ts';
import { ROLES, type Role } from '../../../shared/api/roles.ts';
import { CANARY, CANARY_NEEDLES, findInValue } from '../../support/canary-scan.ts';
import { sampleInputs } from '../../support/sample-inputs.ts';
import { populatedVault, type Populated } from './populated.ts';

// Issue 8, exfiltration: every command × every role, called with its sample input on a vault that holds the canary
// member. A response (value or error) may show the canary only where the command's declared `memberData` policy
// allows it: 'member' to staff and chair, 'inspection' to staff and chair while an inspection session is open.
// 'none' and 'counts' never. Commands are read from the contract at run time.
let v: Populated;
type Seen = { command: string; role: Role; policy: MemberDataPolicy; outcome: string; hits: string[]; allowed: boolean; ms: number };
const seen: Seen[] = [];

beforeAll(async () => {
  v = await populatedVault();
  if (v.skipped.length) console.info(`[exfiltration] population steps skipped: ${v.skipped.join('; ')}`);
}, 120_000);

afterAll(() => { for (const b of new Set(Object.values(v.backends))) b.lock('test over'); });

/** A command may lock a session (session.lock) or publish a new agreement: sign back in and accept, as a user would. */
async function repairSessions(): Promise<void> {
  for (const role of ROLES) {
    if (v.standIns.includes(role)) continue;
    const b = v.backends[role];
    if (!b.vault) {
      const r = await b.dispatch('session.login', v.logins[role]);
      if (!r.ok) throw new Error(`could not sign ${role} back in: ${r.error.code}`);
    }
    const me = await b.dispatch('session.me', {});
    const pending = me.ok ? (me.value as { agreementPending: { version: number } | null }).agreementPending : null;
    if (pending) await b.dispatch('agreement.accept', { version: pending.version });
  }
}

async function inspectionOpen(): Promise<boolean> {
  if (!isCommandName('inspection.status') || !v.ids.electionId) return false;
  const r = await v.backends.chair.dispatch('inspection.status', { electionId: v.ids.electionId });
  return r.ok && (r.value as { activeSession: unknown }).activeSession !== null;
}

/**
 * The audit trail says which member record a user opened, by member ID (domain rule: audit details may hold member
 * IDs and counts, never names or addresses). Its readers may therefore see the canary's ID, and only its ID.
 * This is a policy decision the exfiltration rule of issue 8 does not spell out; see docs/reliability-and-security.md.
 */
const AUDIT_TRAIL = new Set<string>(['audit.list', 'reports.export']);

const mayCarry = (policy: MemberDataPolicy, role: Role, inspecting: boolean): boolean =>
  (policy === 'member' && (role === 'chair' || role === 'staff')) ||
  (policy === 'inspection' && (role === 'chair' || role === 'staff') && inspecting);

describe('no response carries member data beyond its declared policy', () => {
  it('holds for every command × every role', async () => {
    const names = Object.keys(contract) as CommandName[];
    for (const name of names) {
      const spec = contract[name] as CommandSpec;
      for (const role of ROLES) {
        if (v.standIns.includes(role)) continue;
        const backend: Backend = v.backends[role];
        const inspecting = spec.memberData === 'inspection' ? await inspectionOpen() : false;
        const t0 = performance.now();
        const result = await backend.dispatch(name, sampleInputs.for(name));
        const found = findInValue(result, CANARY_NEEDLES)
          .filter((h) => !(AUDIT_TRAIL.has(name) && h.needle === CANARY.memberId));
        const hits = found.map((h) => `${h.needle}@${h.path}${h.via === 'pdf' ? ' (pdf)' : ''}`);
        const allowed = result.ok && mayCarry(spec.memberData, role, inspecting);
        await repairSessions();
        seen.push({ command: name, role, policy: spec.memberData, outcome: result.ok ? 'ok' : result.error.code, hits, allowed, ms: Math.round(performance.now() - t0) });
      }
    }
    const leaks = seen.filter((s) => s.hits.length > 0 && !s.allowed);
    expect(leaks.map((l) => `${l.command} × ${l.role} (${l.policy}, ${l.outcome}): ${l.hits.slice(0, 3).join(', ')}`)).toEqual([]);

    const ok = seen.filter((s) => s.outcome === 'ok').length;
    console.info(`[exfiltration] ${seen.length} calls (${names.length} commands × ${ROLES.length - v.standIns.length} roles), ${ok} answered ok, ` +
      `${seen.filter((s) => s.hits.length > 0).length} showed the canary where allowed`);
    const internal = seen.filter((s) => s.outcome === 'internal').map((s) => `${s.command}×${s.role}`);
    if (internal.length) console.warn(`[exfiltration] internal errors (bugs to report, not leaks): ${internal.join(', ')}`);
    console.info(`[exfiltration] slowest: ${[...seen].sort((a, b) => b.ms - a.ms).slice(0, 8).map((s) => `${s.command}×${s.role} ${s.ms} ms`).join(', ')}`);
    expect(seen.length).toBe(names.length * (ROLES.length - v.standIns.length));
  }, 180_000);

  it('the canary is in the vault and the scanner sees it where it is', () => {
    const row = v.backends.chair.vault!.db.prepare('SELECT full_name, address1 FROM members WHERE member_id = ?').get(CANARY.memberId) as { full_name: string; address1: string } | undefined;
    expect(row?.full_name).toBe('Zyxwvuqñ Canaryđ');
    // The detector itself: an upper-cased name deep in a response, and the folded search word, are both caught.
    expect(findInValue({ a: [{ b: { print: 'ZYXWVUQÑ CANARYĐ' } }] }, CANARY_NEEDLES)).toHaveLength(1);
    expect(findInValue({ words: ['zyxwvuqn'] }, CANARY_NEEDLES)).toHaveLength(1);
    expect(findInValue({ id: '9f3a-77104' }, CANARY_NEEDLES)).toHaveLength(1);
  });
});
