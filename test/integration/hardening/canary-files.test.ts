import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCommandName } from '../../../shared/api/contract.ts';
import { ALL_CANARY_NEEDLES as CANARY_NEEDLES, CANARY, scanForCanary } from '../../support/canary-scan.ts';
import { membersCsv, syntheticMembers, type SyntheticMember } from '../../support/members.ts';
import { sampleInputs } from '../../support/sample-inputs.ts';
import { tempDir } from '../../support/backend.ts';
import { populatedVault, type Populated } from './populated.ts';

// Issue 8, canary on disk: after the workflows that exist today (member import through the real commands, then every
// command with its sample input), no file the app could have written — the vault folder, temp folders, logs — holds
// the canary in any encoding; the vault file itself is encrypted. The member list given to the import is the user's
// own file and is left out. Extend `workflows` as merge and printing arrive (printed pieces excepted).
const started = Date.now() - 1000;
let v: Populated;
let inputDir: string;
const ran: string[] = [];

beforeAll(async () => {
  v = await populatedVault({ members: 100 });
  inputDir = tempDir('litdesk-hardening-input-');
  await importWithCanary();
  // Every command once, as the chair and as staff: whatever they write must not carry the canary either.
  for (const name of Object.keys(await import('../../../shared/api/contract.ts').then((m) => m.contract))) {
    if (!isCommandName(name) || name === 'session.lock') continue;
    for (const role of ['chair', 'staff'] as const) await v.backends[role].dispatch(name, sampleInputs.for(name));
  }
}, 180_000);

afterAll(() => { for (const b of new Set(Object.values(v.backends))) b.lock('test over'); });

/** A re-import of the list with the canary in it, through preview → validate → standing → commit. */
async function importWithCanary(): Promise<void> {
  if (!isCommandName('members.importCommit')) { ran.push('import: not in the contract'); return; }
  const canary: SyntheticMember = { ...CANARY, phone: '(555) 555-0199', dateOfBirth: '1970-01-01' } as SyntheticMember;
  const file = path.join(inputDir, 'members.csv');
  fs.writeFileSync(file, membersCsv([...syntheticMembers(100), canary]));
  const staff = v.backends.staff;
  staff.grants.grantFile(file, 'memberList');
  const preview = await staff.dispatch('members.importPreview', { path: file });
  if (!preview.ok) { ran.push(`import preview: ${preview.error.code}`); return; }
  const validation = await staff.dispatch('members.importValidate', { path: file, mapping: (preview.value as { mapping: unknown }).mapping });
  if (!validation.ok) { ran.push(`import validate: ${validation.error.code}`); return; }
  await staff.dispatch('members.standingMap', { values: [{ status: 'Active', good: true }, { status: 'Good Standing', good: true }, { status: 'Suspended', good: false }, { status: 'In Arrears', good: false }] });
  const commit = await staff.dispatch('members.importCommit', { token: (validation.value as { token: string }).token, skipInvalid: true });
  ran.push(`import commit: ${commit.ok ? 'ok' : commit.error.code}`);
}

const repoRoot = path.resolve(import.meta.dirname, '../../..');

describe('the canary on disk', () => {
  it('is nowhere in the vault folder, temp files or logs after the workflows', () => {
    console.info(`[canary-files] ${ran.join('; ')}`);
    const t0 = performance.now();
    const hits = scanForCanary([v.dir, os.tmpdir()], CANARY_NEEDLES, {
      since: started,
      // The project's own tree holds the canary in its test sources (and the test runner's caches of them); a checkout
      // that lives under the temp folder must not count as an app leak.
      exclude: (f) => f.startsWith(inputDir + path.sep) || f.startsWith(v.literatureDir + path.sep) || f.startsWith(repoRoot + path.sep),
    });
    console.info(`[canary-files] scan took ${Math.round(performance.now() - t0)} ms`);
    expect(hits).toEqual([]);
  });

  it('is in the member table, so the clean scan means something', () => {
    const n = v.backends.chair.vault!.db.prepare('SELECT count(*) AS n FROM members WHERE member_id = ?').get(CANARY.memberId) as { n: number };
    expect(n.n).toBe(1);
  });

  it('the scanner finds it in UTF-8, UTF-16LE, Latin-1 and upper case, and not in the encrypted vault file', () => {
    const dir = tempDir('litdesk-hardening-scan-');
    fs.writeFileSync(path.join(dir, 'a.txt'), `x ${CANARY.fullName} y`, 'utf8');
    fs.writeFileSync(path.join(dir, 'b.txt'), Buffer.from(`.. ${CANARY.address1} ..`, 'utf16le'));
    fs.writeFileSync(path.join(dir, 'c.txt'), Buffer.from(`id=${CANARY.memberId}`, 'latin1'));
    fs.writeFileSync(path.join(dir, 'd.txt'), Buffer.concat([Buffer.alloc(5 << 20), Buffer.from('ZYXWVUQÑ CANARYĐ')]));
    const hits = scanForCanary([dir], CANARY_NEEDLES);
    expect(new Set(hits.map((h) => path.basename(h.file)))).toEqual(new Set(['a.txt', 'b.txt', 'c.txt', 'd.txt']));
    expect(hits.find((h) => h.file.endsWith('b.txt'))?.encoding).toBe('utf16le');
    expect(scanForCanary([path.join(v.dir, 'vault.db')], CANARY_NEEDLES)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
