import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../electron/audit/log.ts';
import { Vault } from '../../../electron/vault/vault.ts';
import { CHAIR, tempDir } from '../../support/backend.ts';
import { membersCsv, prng, syntheticMembers, type SyntheticMember } from '../../support/members.ts';
import { testSeed } from '../../support/prng.ts';
import { importList, listContent, membersVault } from './helpers.ts';

// SIGKILL an importing process at random moments: the vault must open afterwards and hold either the old list or
// the new one, never a mix (the import is one transaction; SQLite's WAL discards an uncommitted tail).
const root = path.resolve(import.meta.dirname, '../../..');
const CHILD = path.join(root, 'test/support/import-child.ts');
// `npm run torture` raises this (LITDESK_TORTURE_TRIALS=100); `npm test` runs the default.
const TRIALS = Number(process.env['LITDESK_TORTURE_TRIALS'] ?? 20);

async function snapshotOf(dir: string): Promise<string[]> {
  const { vault } = await Vault.unlock(dir, CHAIR.login, CHAIR.passphrase);
  try {
    expect(vault.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyAudit(vault.db)).toMatchObject({ ok: true });
    return listContent(vault.db);
  } finally {
    vault.close();
  }
}

function copyVault(from: string, to: string): string {
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(to, f));
  return to;
}

/**
 * Runs the child and kills it `delayMs` after it prints `marker`; resolves with the signal the child died of. With
 * `linger` the child stays alive after finishing, so every trial ends in a real SIGKILL (issue 11 §2).
 */
function runChild(dir: string, csv: string, marker: string, delayMs: number | null): Promise<{ killed: boolean; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...(delayMs !== null ? { LITDESK_CHILD_LINGER: '1' } : {}) };
    const child = spawn(process.execPath, [CHILD, dir, csv], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (delayMs !== null && out.split('\n').some((l) => l === marker || l.startsWith(`${marker} `))) {
        setTimeout(() => child.kill('SIGKILL'), delayMs);
        delayMs = null;
      }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, signal, out });
      else if (code === 0) resolve({ killed: false, signal, out });
      else reject(new Error(`import child failed (${code}, ${signal}): ${err.slice(0, 500)}`));
    });
  });
}

describe('killing the import process', () => {
  it(`leaves the old list or the new one, never a mix (${TRIALS} SIGKILL trials)`, async () => {
    const made = await membersVault();
    const old = [...syntheticMembers(300, { seed: 31 })];
    const oldFile = path.join(writeDir(), 'old-list.csv');
    fs.writeFileSync(oldFile, membersCsv(old));
    await importList(made.client, made.backend, oldFile);
    made.backend.lock('test');

    const seed = testSeed('members kill');
    const rnd = prng(seed);
    const newer: SyntheticMember[] = old.slice(40).map((m, i) => (i % 3 === 0 ? { ...m, address1: `${i} Nguyễn Huệ Blvd`, local: 'Local 5' } : m));
    newer.push(...syntheticMembers(60, { seed: 32, firstId: 500_001 }));
    const newFile = path.join(writeDir(), 'new-list.csv');
    fs.writeFileSync(newFile, membersCsv(newer));

    const pristine = made.dir;
    const oldState = await snapshotOf(pristine);
    const completed = copyVault(pristine, path.join(tempDir('litdesk-kill-'), 'vault'));
    expect((await runChild(completed, newFile, 'commit', null)).killed).toBe(false);
    const newState = await snapshotOf(completed);
    expect(newState).not.toEqual(oldState);

    const seen = { old: 0, new: 0 };
    // Every trial has a kill point: the first at the very start of validation (nothing written yet), the second after
    // the child reported the import done (the list must survive the kill), the rest at random moments around the
    // write (seeded). Each child must really die of SIGKILL: a child that exited by itself proved nothing.
    const plan = Array.from({ length: TRIALS }, (_, t) =>
      t === 0 ? { marker: 'validate', delay: 0 }
        : t === 1 ? { marker: 'done', delay: 0 }
          : t % 2 === 0 ? { marker: 'commit', delay: Math.floor(rnd() * 250) } : { marker: 'validate', delay: Math.floor(rnd() * 600) });
    const trial = async (t: number) => {
      const { marker, delay } = plan[t]!;
      const dir = copyVault(pristine, path.join(tempDir('litdesk-kill-'), 'vault'));
      const run = await runChild(dir, newFile, marker, delay);
      expect(run.signal, `trial ${t} (kill ${delay} ms after "${marker}", LITDESK_SEED=${seed}): the child must die of SIGKILL`).toBe('SIGKILL');
      const state = JSON.stringify(await snapshotOf(dir));
      const which = state === JSON.stringify(oldState) ? 'old' : state === JSON.stringify(newState) ? 'new' : 'mix';
      expect(which, `trial ${t} (kill ${delay} ms after "${marker}", LITDESK_SEED=${seed})`).not.toBe('mix');
      if (marker === 'done') expect(which, `trial ${t}: killed after "done", the new list must have survived`).toBe('new');
      seen[which as 'old' | 'new']++;
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    };
    // Four children at a time: most of a child's life is Node starting up, and the file must stay under a minute.
    for (let t = 0; t < TRIALS; t += 4) {
      await Promise.all(plan.slice(t, t + 4).map((_, i) => trial(t + i)));
    }
    console.log(`kill trials (LITDESK_SEED=${seed}): ${seen.old} ended with the old list, ${seen.new} with the new one, all ${TRIALS} children killed by SIGKILL`);
    // The trials must have hit both sides of the commit, or they proved little.
    expect(seen.old, 'no trial ended with the old list').toBeGreaterThan(0);
    expect(seen.new, 'no trial ended with the new list').toBeGreaterThan(0);
    expect(seen.new + seen.old).toBe(TRIALS);
  }, Math.max(120_000, TRIALS * 6_000));
});

function writeDir(): string {
  return tempDir('litdesk-kill-lists-');
}
