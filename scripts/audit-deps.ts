// Dependency audit (issue 8): `npm audit --omit=dev` against the registry's advisory endpoint. The committee's
// machines and CI may be offline; then the script says so plainly and runs the check it can do offline: every
// production package in package-lock.json is installed at exactly the locked version (so what was audited when the
// lockfile was last audited online is what ships). It cannot find new advisories offline, and says that too.
// Run: node scripts/audit-deps.ts   (exit 1 on a vulnerability, or offline on a lockfile/node_modules mismatch)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type OnlineAudit = { reachable: true; vulnerabilities: Record<string, number>; total: number };
export type OfflineCheck = { reachable: false; reason: string; packages: number; mismatches: Array<{ name: string; locked: string; installed: string | null }> };

export function runNpmAudit(root: string, timeoutMs = 60_000): OnlineAudit | { reachable: false; reason: string } {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: timeoutMs });
  if (r.error) return { reachable: false, reason: r.error.message };
  try {
    const j = JSON.parse(r.stdout) as { metadata?: { vulnerabilities?: Record<string, number> }; message?: string; error?: { code?: string; summary?: string } };
    if (j.error || j.message) {
      return { reachable: false, reason: j.message ?? `${j.error?.code ?? 'error'}: ${(j.error?.summary ?? '').split('\n')[0]}` };
    }
    const v = j.metadata?.vulnerabilities ?? {};
    const total = v.total ?? Object.entries(v).filter(([k]) => k !== 'info').reduce((s, [, n]) => s + n, 0);
    return { reachable: true, vulnerabilities: v, total };
  } catch {
    return { reachable: false, reason: (r.stderr || 'no answer').trim().split('\n').slice(-1)[0] ?? 'no answer' };
  }
}

/** Offline: the lockfile's production packages against what node_modules holds. */
export function lockfileMatchesInstall(root: string): { packages: number; mismatches: OfflineCheck['mismatches'] } {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; link?: boolean }>;
  };
  let packages = 0;
  const mismatches: OfflineCheck['mismatches'] = [];
  for (const [p, e] of Object.entries(lock.packages)) {
    if (p === '' || e.dev || e.link || !e.version) continue;
    const name = p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length);
    let installed: string | null = null;
    try {
      installed = (JSON.parse(fs.readFileSync(path.join(root, p, 'package.json'), 'utf8')) as { version: string }).version;
    } catch { /* missing */ }
    if (installed === null && e.optional) continue; // another platform's optional binary
    packages++;
    if (installed !== e.version) mismatches.push({ name, locked: e.version, installed });
  }
  return { packages, mismatches };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const online = runNpmAudit(root);
  if (online.reachable) {
    console.log(`npm audit (production): ${online.total} vulnerabilities ${JSON.stringify(online.vulnerabilities)}`);
    process.exit(online.total > 0 ? 1 : 0);
  }
  const { packages, mismatches } = lockfileMatchesInstall(root);
  console.log(`Audit endpoint unreachable (${online.reason}). No advisories could be fetched.`);
  console.log(`Offline check: ${packages} production packages; ${mismatches.length === 0 ? 'every installed version matches package-lock.json' : `${mismatches.length} differ from package-lock.json`}.`);
  for (const m of mismatches) console.log(`  ${m.name}: locked ${m.locked}, installed ${m.installed ?? 'missing'}`);
  process.exit(mismatches.length > 0 ? 1 : 0);
}
