// Dependency audit (issue 8): `npm audit` against the registry's advisory endpoint, counting the packages that ship
// (bundled into out/ or in node_modules: scripts/licences.ts says which; since issue 11 §6 the bundled libraries are
// devDependencies, so `--omit=dev` would miss them). The committee's machines and CI may be offline; then the script
// says so plainly and runs the check it can do offline: every shipped package in package-lock.json is installed at
// exactly the locked version (so what was audited when the lockfile was last audited online is what ships). It
// cannot find new advisories offline, and says that too.
// Run: node scripts/audit-deps.ts   (exit 1 on a vulnerability, or offline on a lockfile/node_modules mismatch)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedPackagePaths } from './licences.ts';

export type OnlineAudit = { reachable: true; vulnerabilities: Record<string, number>; total: number };
export type OfflineCheck = { reachable: false; reason: string; packages: number; mismatches: Array<{ name: string; locked: string; installed: string | null }> };

export function runNpmAudit(root: string, timeoutMs = 60_000): OnlineAudit | { reachable: false; reason: string } {
  const r = spawnSync('npm', ['audit', '--json'], { cwd: root, encoding: 'utf8', timeout: timeoutMs });
  if (r.error) return { reachable: false, reason: r.error.message };
  try {
    const j = JSON.parse(r.stdout) as {
      vulnerabilities?: Record<string, { severity: string; nodes?: string[] }>; message?: string; error?: { code?: string; summary?: string };
    };
    if (j.error || j.message) {
      return { reachable: false, reason: j.message ?? `${j.error?.code ?? 'error'}: ${(j.error?.summary ?? '').split('\n')[0]}` };
    }
    const shipped = shippedPackagePaths(root);
    const v: Record<string, number> = {};
    for (const vuln of Object.values(j.vulnerabilities ?? {})) {
      if (!(vuln.nodes ?? []).some((n) => shipped.has(n))) continue; // a build tool's advisory: not in the app
      v[vuln.severity] = (v[vuln.severity] ?? 0) + 1;
    }
    const total = Object.entries(v).filter(([k]) => k !== 'info').reduce((s, [, n]) => s + n, 0);
    return { reachable: true, vulnerabilities: v, total };
  } catch {
    return { reachable: false, reason: (r.stderr || 'no answer').trim().split('\n').slice(-1)[0] ?? 'no answer' };
  }
}

/** Offline: the lockfile's shipped packages against what node_modules holds. */
export function lockfileMatchesInstall(root: string): { packages: number; mismatches: OfflineCheck['mismatches'] } {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; link?: boolean }>;
  };
  let packages = 0;
  const mismatches: OfflineCheck['mismatches'] = [];
  const shipped = shippedPackagePaths(root);
  for (const [p, e] of Object.entries(lock.packages)) {
    if (p === '' || e.link || !e.version || !shipped.has(p)) continue;
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
  console.log(`Offline check: ${packages} shipped packages; ${mismatches.length === 0 ? 'every installed version matches package-lock.json' : `${mismatches.length} differ from package-lock.json`}.`);
  for (const m of mismatches) console.log(`  ${m.name}: locked ${m.locked}, installed ${m.installed ?? 'missing'}`);
  process.exit(mismatches.length > 0 ? 1 : 0);
}
