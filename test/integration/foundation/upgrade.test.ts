import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEncrypted, type DB } from '../../../electron/vault/database.ts';
import { latestMigrationIds, migrate, migrations } from '../../../electron/vault/migrations/index.ts';
import { vaultFiles } from '../../../electron/vault/vault.ts';
import { makeBackend, tempDir } from '../../support/backend.ts';
import { addTestMailHouse } from '../../support/mail-house.ts';
import { outputFolder, waitForJob } from '../merge/world.ts';

// Issue 11: a vault made by any earlier release opens and works after an upgrade. The fixtures under
// test/fixtures/vaults were written by the code of earlier commits (test/fixtures/make-fixture-vault.ts), not by
// this code: r1 before `requests.mailed_at` existed (its schema counter already said 500), r2 by the first release,
// r3 by the insider round's release (feee3a9: named migrations, sealed key slots, the MAC'd throttle record).
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/vaults');
type Fixture = { commit: string; madeOn: string; logins: { login: string; passphrase: string; role: string }[] };
const fixtureNames = fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'fixture.json'))).sort();

function copyFixture(name: string): { dir: string; meta: Fixture } {
  const dir = path.join(tempDir('litdesk-upgrade-'), 'vault');
  fs.mkdirSync(dir, { mode: 0o700 });
  for (const f of fs.readdirSync(path.join(FIXTURES, name))) {
    if (f === 'fixture.json') continue;
    fs.copyFileSync(path.join(FIXTURES, name, f), path.join(dir, f));
    fs.chmodSync(path.join(dir, f), 0o600);
  }
  return { dir, meta: JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'fixture.json'), 'utf8')) as Fixture };
}

const pass = (meta: Fixture, login: string): string => meta.logins.find((l) => l.login === login)!.passphrase;
/** The fixture's own day at noon: the demo election's dates were set relative to it. */
const clockFor = (meta: Fixture) => () => new Date(`${meta.madeOn}T18:00:00Z`);

async function signIn(dir: string, meta: Fixture, login: string) {
  const made = makeBackend({ vaultDir: dir, clock: clockFor(meta) });
  await made.client.call('session.login', { login, passphrase: pass(meta, login) });
  return made;
}

const sha = (f: string): string => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('vaults made by earlier releases', () => {
  it('has at least the two fixtures the issue asks for', () => {
    expect(fixtureNames).toEqual(expect.arrayContaining(['r1-before-mailed-at', 'r2-first-release']));
  });

  for (const name of fixtureNames) {
    it(`${name}: opens, upgrades, and works in every domain with an intact audit chain`, async () => {
      const { dir, meta } = copyFixture(name);
      const chair = await signIn(dir, meta, 'chair');
      const db = chair.backend.vault!.db;

      // Every step of this code is recorded as applied, the old ones adopted from what the vault really contains.
      const steps = db.prepare('SELECT id, adopted FROM schema_migrations').all() as { id: string; adopted: number }[];
      expect(steps.map((s) => s.id).sort()).toEqual([...latestMigrationIds()].sort());
      const mailed = steps.find((s) => s.id === '0202-requests-mailed')!;
      // r1 was made before the step existed although its counter was past it: it must have been applied now. r2 had
      // the column under the old numbered scheme: adopted. Vaults made since the named list record it as applied.
      expect(mailed.adopted).toBe(name === 'r2-first-release' ? 1 : 0);

      // foundation: a read and a write
      const users = await chair.client.call('users.list', { includeRemoved: false });
      expect(users.map((u) => u.login)).toEqual(expect.arrayContaining(['chair', 'sam']));
      await chair.client.call('settings.update', { idleMinutes: 15 });

      // elections and requests: a read and a write
      const [election] = await chair.client.call('elections.list', {});
      expect(election).toBeDefined();
      const candidates = await chair.client.call('candidates.list', { electionId: election!.id });
      expect(candidates.length).toBeGreaterThanOrEqual(2);
      await chair.client.call('candidates.register', { electionId: election!.id, fullName: 'Trần Văn Upgrade', office: candidates[0]!.office, standing: 'candidate' });
      const requests = await chair.client.call('requests.list', { electionId: election!.id });
      const released = requests.find((r) => r.status === 'released');
      expect(released, 'the fixture holds a released request').toBeDefined();
      // versioned elections (issue 14): the old election starts at version 1 with its terms; a change needs a reason
      expect(election).toMatchObject({ version: 1, turnaroundBusinessDays: 5 });
      const stripped = { name: election!.name, offices: election!.offices, electionDate: election!.electionDate, mailBallot: election!.mailBallot,
        ballotMailingDate: election!.ballotMailingDate, audienceKinds: election!.audienceKinds, channels: election!.channels, rules: election!.rules, print: election!.print };
      await expect(chair.client.call('elections.save', { electionId: election!.id, election: { ...stripped, turnaroundBusinessDays: 7 } }))
        .rejects.toMatchObject({ code: 'elections.versionReasonRequired' });
      expect(await chair.client.call('elections.save', { electionId: election!.id, election: { ...stripped, turnaroundBusinessDays: 7 }, reason: 'upgrade test' }))
        .toMatchObject({ version: 2, turnaroundBusinessDays: 7 });

      // members: a read and a write (staff)
      const staff = await signIn(dir, meta, 'sam');
      const page = await staff.client.call('members.list', { offset: 0, limit: 5 });
      expect(page.total).toBeGreaterThan(0);
      // name search: the words moved into the FTS5 index by the upgrade (members-search-fts5) still find the member
      const first = page.rows[0]!;
      expect((await staff.client.call('members.search', { query: first.fullName })).hits.map((h) => h.id)).toContain(first.id);
      await staff.client.call('members.correct', { id: page.rows[0]!.id, goodStanding: false, reason: 'upgrade test: dues lapsed' });

      // merge: the released request produced through the upgraded schema, then marked mailed (the step r1 lacked)
      const folder = outputFolder(staff.backend);
      // (a mail house is added first: batches leave encrypted to its key, issue 13 §4)
      const mailHouseId = await addTestMailHouse(chair.client);
      const { jobId } = await staff.client.call('merge.start', { requestId: released!.id, folder, mailHouseId, batchSize: 500 });
      const progress = await waitForJob(staff.client, jobId, 120_000);
      expect(progress.status).toBe('done');
      expect((await staff.client.call('merge.jobs', { requestId: released!.id })).length).toBe(1);
      const mailedView = await staff.client.call('requests.markMailed', { requestId: released!.id, mailedOn: meta.madeOn, mailHouse: 'Upgrade Mail House' });
      expect(mailedView.status).toBe('mailed');

      // billing: a read and a write
      const account = await staff.client.call('billing.candidate', { candidateId: released!.candidateId });
      expect(account).toBeDefined();
      await staff.client.call('billing.recordPayment', {
        candidateId: released!.candidateId, amountCents: 1234, receivedOn: meta.madeOn, method: { type: 'check', reference: 'UPG-1' },
        payer: { type: 'candidate', name: candidates.find((c) => c.id === released!.candidateId)!.fullName, accountHolder: candidates.find((c) => c.id === released!.candidateId)!.fullName },
      });

      // reports and the audit chain
      const spend = await chair.client.call('reports.spend', { electionId: election!.id });
      expect(spend).toBeDefined();
      const verdict = await chair.client.call('audit.verify', {});
      expect(verdict.ok).toBe(true);
      staff.backend.lock('test');
      chair.backend.lock('test');
    }, 180_000);
  }

  it('refuses a vault written by a newer release and leaves it unchanged', async () => {
    const { dir, meta } = copyFixture('r2-first-release');
    const chair = await signIn(dir, meta, 'chair');
    const key = Buffer.from(chair.backend.vault!.keyHex(), 'hex');
    chair.backend.lock('test');
    const db = openEncrypted(vaultFiles(dir).db, key);
    db.prepare("INSERT INTO schema_migrations (id, name, applied_at, adopted) VALUES ('9999-from-the-future', 'a later release', 'x', 0)").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = sha(vaultFiles(dir).db);
    const again = makeBackend({ vaultDir: dir, clock: clockFor(meta) });
    await expect(again.client.call('session.login', { login: 'chair', passphrase: pass(meta, 'chair') }))
      .rejects.toMatchObject({ code: 'vault.tooNew' });
    expect(sha(vaultFiles(dir).db)).toBe(before);
    expect(again.backend.vault).toBeNull();
  }, 60_000);

  it('refuses a key file written by a newer release in the same plain words, and leaves the vault unchanged', async () => {
    // A later release that changes the key format (as the insider round did: format 1 -> 2) writes a higher version.
    const { dir, meta } = copyFixture('r3-insider-round');
    const slots = vaultFiles(dir).slots;
    const file = JSON.parse(fs.readFileSync(slots, 'utf8')) as { version: number };
    fs.writeFileSync(slots, JSON.stringify({ ...file, version: file.version + 1 }, null, 2));
    const before = [sha(vaultFiles(dir).db), sha(slots)];
    const again = makeBackend({ vaultDir: dir, clock: clockFor(meta) });
    await expect(again.client.call('session.login', { login: 'chair', passphrase: pass(meta, 'chair') }))
      .rejects.toMatchObject({ code: 'vault.tooNew', message: expect.stringContaining('newer release of LitDesk') });
    expect([sha(vaultFiles(dir).db), sha(slots)]).toEqual(before);
    expect(again.backend.vault).toBeNull();
  }, 60_000);

  it('applies pending steps all at once: a failing step leaves the old schema exactly as it was', async () => {
    const { dir, meta } = copyFixture('r1-before-mailed-at');
    // Open the old file with its key but without the upgrade, to run migrate by hand with a step that fails.
    const chair = await signIn(dir, meta, 'chair');
    const key = Buffer.from(chair.backend.vault!.keyHex(), 'hex');
    chair.backend.lock('test');
    const db: DB = openEncrypted(vaultFiles(dir).db, key);
    const schemaOf = () => JSON.stringify(db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all());
    const rowsOf = () => JSON.stringify(db.prepare('SELECT id FROM schema_migrations ORDER BY id').all());
    const [schema, rows] = [schemaOf(), rowsOf()];
    const failing = [
      ...migrations,
      { id: '9000-test-adds-a-table', name: 'test', up: (d: DB) => d.exec('CREATE TABLE upgrade_probe (x INTEGER)') },
      { id: '9001-test-fails', name: 'test', up: () => { throw new Error('simulated failure half way through an upgrade'); } },
    ];
    expect(() => migrate(db, failing)).toThrow(/half way/);
    expect(schemaOf()).toBe(schema);
    expect(rowsOf()).toBe(rows);
    db.close();
  }, 60_000);
});
