// Licence check of everything that ships with the app (issue 8), with the licence each installed package.json declares.
// Fails on copyleft. What ships (issue 11 §6): electron-vite bundles every JavaScript library the app imports into
// out/, so those are devDependencies and the installer carries no second copy in node_modules; only the native
// SQLCipher module stays a dependency and is loaded from disk. Both ship, so the check walks the lockfile from the
// packages the app's source imports (electron/, renderer/src/, shared/) plus the dependencies, through every
// package they depend on.
//
// Decision on weak copyleft: LGPL fails (LitDesk bundles its JavaScript, and LGPL's relinking terms do not fit a
// bundled, ASAR-sealed app). MPL-2.0 also fails here: its obligations are per file and usually easy to meet, but a
// committee cannot be expected to judge that, so an MPL package must be reviewed and listed in REVIEWED with the
// reason before it ships. A dual licence ("MIT OR GPL-3.0") passes when one branch is permissive.
// Run: node scripts/licences.ts   (exit 1 on a finding)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const COPYLEFT = /\b(A?GPL|LGPL|SSPL|EUPL|OSL|CPAL|MPL|EPL|CDDL|CC-BY-SA|CC-BY-NC|RPL|Sleepycat|QPL|Watcom)\b/i;

/**
 * LGPL libraries LitDesk ships as separate, replaceable libraries: unbundled (an external of electron.vite.config.ts,
 * so a dependency in node_modules) and unpacked from the ASAR (electron-builder.yml asarUnpack), with their source and
 * licence text as published. That is LGPL-3.0 §4(d)'s "suitable shared library mechanism": the user can swap in a
 * modified copy. Allowed only while the package is a dependency (the licence test holds dependencies to the
 * externals); bundled, it fails like any copyleft package.
 */
export const SEPARATE_LIBRARY: Record<string, string> = {
  openpgp: 'OpenPGP.js, the maintained implementation the mail-house deliveries need (issue 13 §4); LGPL-3.0+, shipped unbundled and unpacked',
};

/** Packages whose metadata does not say their licence, checked by hand. Key: name@version. */
export const REVIEWED: Record<string, { licence: string; reason: string }> = {
  'buffers@0.1.1': {
    licence: 'MIT',
    reason: 'package.json declares none; the upstream repository (substack/node-buffers) carries an MIT LICENSE. Pulled in by exceljs → unzipper → binary.',
  },
};

export type PackageLicence = { name: string; version: string; path: string; licence: string; verdict: 'ok' | 'copyleft' | 'unknown'; note?: string };

type LockEntry = {
  version?: string; license?: string; dev?: boolean; link?: boolean; resolved?: string;
  dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string>;
};

const APP_SOURCES = ['electron', 'renderer/src', 'shared'];

/** Bare package names the app's own source imports (what the bundles carry), `electron` and `node:` excluded. */
export function importedPackages(root: string): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|css)$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+|@import\s+)['"]([^'".][^'"]*)['"]/g)) {
          const spec = m[1]!;
          if (spec.startsWith('node:') || spec === 'electron') continue;
          const parts = spec.split('/');
          out.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
        }
      }
    }
  };
  for (const d of APP_SOURCES) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  return out;
}

/** Lockfile paths of the shipped packages: the roots and everything they depend on, resolved as Node resolves. */
function shippedPaths(lock: Record<string, LockEntry>, roots: Iterable<string>): Set<string> {
  const resolve = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (lock[candidate]) return candidate;
      if (!base) return undefined;
      const i = base.lastIndexOf('/node_modules/');
      base = i >= 0 ? base.slice(0, i) : '';
    }
  };
  const seen = new Set<string>();
  const stack = [...roots].map((r) => resolve('', r)).filter((p): p is string => p !== undefined);
  while (stack.length) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    const e = lock[p]!;
    for (const dep of Object.keys({ ...e.dependencies, ...e.optionalDependencies, ...e.peerDependencies })) {
      const r = resolve(p, dep);
      if (r) stack.push(r);
    }
  }
  return seen;
}

const nameOf = (p: string): string => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length);

function declared(root: string, lockPath: string, entry: LockEntry): string | undefined {
  if (entry.license) return entry.license;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, lockPath, 'package.json'), 'utf8')) as { license?: unknown; licenses?: unknown };
    if (typeof pkg.license === 'string') return pkg.license;
    if (pkg.license && typeof pkg.license === 'object') return String((pkg.license as { type?: string }).type);
    if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l: { type?: string }) => l.type).join(' OR ');
  } catch { /* not installed (optional for another platform): judged by the lockfile alone */ }
  return undefined;
}

/** Judges an SPDX-ish expression: OR passes if any branch passes; AND (or a plain list) fails if any part is copyleft. */
export function judge(expr: string): 'ok' | 'copyleft' | 'unknown' {
  const e = expr.replace(/[()]/g, ' ').trim();
  if (e === '' || /^(UNKNOWN|UNLICENSED|SEE LICEN[CS]E)/i.test(e) || /SEE LICEN[CS]E/i.test(e)) return 'unknown';
  const branches = e.split(/\s+OR\s+|\//i);
  const verdicts = branches.map((b) => (COPYLEFT.test(b) ? 'copyleft' : 'ok'));
  return verdicts.includes('ok') ? 'ok' : 'copyleft';
}

/** Lockfile paths of every package that ships, bundled into out/ or in node_modules. */
export function shippedPackagePaths(root: string): Set<string> {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return shippedPaths(lock.packages, new Set([...Object.keys(pkg.dependencies ?? {}), ...importedPackages(root)]));
}

/** Every package that ships (bundled or in node_modules) with its licence and verdict. */
export function productionLicences(root: string): PackageLicence[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const shipped = shippedPackagePaths(root);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const out: PackageLicence[] = [];
  for (const [p, entry] of Object.entries(lock.packages)) {
    if (p === '' || entry.link || !shipped.has(p)) continue;
    const name = nameOf(p);
    const version = entry.version ?? '?';
    const reviewed = REVIEWED[`${name}@${version}`];
    const licence = reviewed?.licence ?? declared(root, p, entry) ?? 'UNKNOWN';
    const separate = p === `node_modules/${name}` && pkg.dependencies?.[name] !== undefined && /\bLGPL\b/i.test(licence) ? SEPARATE_LIBRARY[name] : undefined;
    const note = reviewed?.reason ?? separate;
    out.push({ name, version, path: p, licence, verdict: reviewed || separate ? 'ok' : judge(licence), ...(note ? { note } : {}) });
  }
  return out;
}

export function licenceReport(root: string): { packages: PackageLicence[]; counts: Record<string, number>; failures: PackageLicence[] } {
  const packages = productionLicences(root);
  const counts: Record<string, number> = {};
  for (const p of packages) counts[p.licence] = (counts[p.licence] ?? 0) + 1;
  return { packages, counts, failures: packages.filter((p) => p.verdict !== 'ok') };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { packages, counts, failures } = licenceReport(root);
  console.log(`Shipped packages (bundled into out/ or in node_modules): ${packages.length}`);
  for (const [licence, n] of Object.entries(counts).sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(5)}  ${licence}`);
  for (const p of packages.filter((x) => x.note)) console.log(`reviewed: ${p.name}@${p.version}: ${p.note}`);
  if (failures.length) {
    console.log(`\nFAILED: ${failures.length} package(s) copyleft or without a known licence:`);
    for (const f of failures) console.log(`  ${f.name}@${f.version}  ${f.licence}  (${f.verdict})`);
    process.exit(1);
  }
  console.log('\nNo copyleft licence among shipped packages.');
}
