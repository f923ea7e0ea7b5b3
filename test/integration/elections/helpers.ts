import fs from 'node:fs';
import path from 'node:path';
import type { ElectionInput, RateCard } from '../../../shared/api/commands/elections.ts';
import type { Backend } from '../../../electron/core/backend.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import { DEFAULT_PRINT_SETTINGS } from '../../../electron/elections/print-settings.ts';
import { seedMembers } from '../../support/members.ts';
import { addUserAndLogin, CHAIR, setUpVault, signIn, tempDir } from '../../support/backend.ts';

export const NOW = new Date('2026-05-20T15:00:00Z');

export const ELECTION: ElectionInput = {
  name: 'Officer election 2026', offices: ['President', 'Secretary-Treasurer'], electionDate: '2026-06-30',
  mailBallot: true, ballotMailingDate: '2026-06-10', audienceKinds: ['allGoodStanding', 'segment'], channels: ['firstClass', 'marketing'],
  rules: { pageSize: 'letter', maxPages: 4, colour: true }, print: { ...DEFAULT_PRINT_SETTINGS, mailerId: '123456', serviceType: '040' },
};

export const CARD: RateCard = {
  paperPerSheetCents: 3, printPerSideCents: 5, envelopeCents: 4, insertingCents: 2,
  postageCents: { firstClass: 73, marketing: 35 }, handlingPerJobCents: 2500, staffHourCents: 3200,
  staffSetupMinutesPerJob: 30, staffMinutesPer1000: 12, other: [{ name: 'Seed pieces', cents: 150, per: 'job' }],
};

type Template = { dir: string; electionId: number; a: number; b: number; passphrases: Record<string, string> };
let template: Promise<Template> | undefined;

/**
 * Builds the prepared vault once per test file (users' passphrase checks cost seconds each); every test then works on
 * its own copy of the files, signed in afresh, so tests stay independent.
 */
function buildTemplate(): Promise<Template> {
  template ??= (async () => {
    const clock = () => NOW;
    // Tests lower the key-slot KDF cost for vaults they create (scrypt at N=2^17 costs ~0.5 s per slot).
    const chair = await setUpVault({ clock, kdf: { N: 2 ** 12, r: 8, p: 1 } });
    seedMembers(chair.backend.vault!.db, TEMPLATE_MEMBERS);
    const election = await chair.client.call('elections.save', { election: ELECTION });
    await chair.client.call('rateCard.publish', { electionId: election.id, card: CARD });
    const a = await chair.client.call('candidates.register', { electionId: election.id, fullName: 'Nguyễn Thị Hương', office: 'President', standing: 'candidate' });
    const b = await chair.client.call('candidates.register', { electionId: election.id, fullName: 'José Muñoz Peña', office: 'President', standing: 'seekingNomination' });
    const passphrases: Record<string, string> = { [CHAIR.login]: CHAIR.passphrase };
    for (const u of [{ login: 'huong', role: 'candidate' as const, candidateId: a.id }, { login: 'jose', role: 'candidate' as const, candidateId: b.id }, { login: 'sam', role: 'staff' as const }]) {
      const made = await addUserAndLogin(chair.client, chair.dir, u);
      passphrases[u.login] = made.passphrase;
      made.backend.lock('template');
    }
    chair.backend.lock('template');
    return { dir: chair.dir, electionId: election.id, a: a.id, b: b.id, passphrases };
  })();
  return template;
}

export const TEMPLATE_MEMBERS = 150;

/** A vault with members, an election, a published rate card and two candidates with logins; the clock is settable. */
export async function electionVault() {
  const t = await buildTemplate();
  let now = NOW;
  const clock = () => now;
  const dir = path.join(tempDir('litdesk-elections-'), 'vault');
  fs.cpSync(t.dir, dir, { recursive: true });
  const login = async (name: string) => {
    return signIn(dir, { login: name, passphrase: t.passphrases[name]! }, { clock });
  };
  const [chair, candA, candB, staff] = [await login(CHAIR.login), await login('huong'), await login('jose'), await login('sam')];
  const election = (await chair.client.call('elections.list', {}))[0]!;
  const [a, b] = [t.a, t.b].map((id) => ({ id }));
  return {
    chair, staff, candA, candB, election, a: a!, b: b!, dir,
    setNow: (d: Date) => { now = d; },
  };
}

const files = tempDir('litdesk-lit-');
let n = 0;
/** Writes literature to a file and grants it, as the native Open dialog would. */
export function grantedFile(backend: Backend, bytes: Uint8Array, name = 'flyer.pdf'): string {
  const p = path.join(files, `${n++}-${name}`);
  fs.writeFileSync(p, bytes);
  backend.grants.grantFile(p, 'literature');
  return p;
}

export async function submit(api: LitDeskApi, backend: Backend, candidateId: number, bytes: Uint8Array) {
  return api.call('requests.submit', {
    candidateId, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: '2026-06-01',
    literaturePath: grantedFile(backend, bytes),
  });
}

export const tableCounts = (backend: Backend): Record<string, number> => Object.fromEntries(
  ['literature', 'requests', 'rate_card_notices'].map((t) => [t, (backend.vault!.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
);

/** An id no record has. */
export const NONE = 987_654;

/** A command's answer as data (code, message, details), so "not found" answers can be compared whole. */
export type Answer = { ok: true; value: unknown } | { ok: false; code: string; message: string; details: unknown };
export const answer = async (p: Promise<unknown>): Promise<Answer> => {
  try { return { ok: true, value: await p }; } catch (e) {
    const err = e as { code: string; message: string; details?: unknown };
    return { ok: false, code: err.code, message: err.message, details: err.details ?? null };
  }
};
