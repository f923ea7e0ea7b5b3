// Runs Doyensec's Electronegativity over the Electron sources and fails on any finding that is not suppressed, with
// a reason, in scripts/electronegativity-suppressions.json (issue 8: "0 findings, or each one explained").
//
//   node scripts/electronegativity.ts            # scans electron/ (skips, exit 0, if the tool is not installed)
//   node scripts/electronegativity.ts --strict   # same, but a missing tool is a failure (for CI)
//   node scripts/electronegativity.ts out        # scan other folders instead (e.g. the built bundle)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suppressionsFile = path.join(root, 'scripts/electronegativity-suppressions.json');

/** One accepted finding: which check, in which file (repo-relative), and why it is acceptable. */
export type Suppression = { check: string; file: string; reason: string };
export type Finding = { check: string; file: string; line: number | null; message: string };

// By class name, as the tool's -x flag expects. This check downloads Electron's release list from GitHub (and writes
// it to the working folder); CI is offline-capable, and dependency currency is covered by `npm audit` instead.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export function loadSuppressions(file = suppressionsFile): Suppression[] {
  if (!fs.existsSync(file)) return [];
  const list = JSON.parse(fs.readFileSync(file, 'utf8')) as { suppressions?: unknown };
  if (!Array.isArray(list.suppressions)) throw new Error(`${file}: expected { "suppressions": [...] }`);
  return list.suppressions.map((s, i) => {
    const e = s as Partial<Suppression>;
    if (typeof e.check !== 'string' || typeof e.file !== 'string' || typeof e.reason !== 'string' || e.reason.trim().length < 10) {
      throw new Error(`${file}: suppression #${i + 1} needs "check", "file" and a real "reason"`);
    }
    return { check: e.check, file: e.file, reason: e.reason };
  });
}

/** Reads Electronegativity's SARIF output into findings with repo-relative paths. */
export function readSarif(sarifFile: string, scannedDir: string): Finding[] {
  const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8')) as {
    runs?: Array<{ results?: Array<{ ruleId?: string; message?: { text?: string }; locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }> }> }>;
  };
  const findings: Finding[] = [];
  for (const run of sarif.runs ?? []) {
    for (const r of run.results ?? []) {
      const loc = r.locations?.[0]?.physicalLocation;
      const uri = decodeURIComponent((loc?.artifactLocation?.uri ?? '').replace(/^file:\/\//, ''));
      const abs = path.isAbsolute(uri) ? uri : path.resolve(scannedDir, uri);
      findings.push({
        check: r.ruleId ?? 'UNKNOWN',
        file: path.relative(root, abs).split(path.sep).join('/'),
        line: loc?.region?.startLine ?? null,
        message: r.message?.text ?? '',
      });
    }
  }
  return findings;
}

export function unsuppressed(findings: Finding[], suppressions: Suppression[]): { open: Finding[]; unused: Suppression[] } {
  const used = new Set<Suppression>();
  const open = findings.filter((f) => {
    const s = suppressions.find((x) => x.check === f.check && x.file === f.file);
    if (s) used.add(s);
    return !s;
  });
  return { open, unused: suppressions.filter((s) => !used.has(s)) };
}

function toolEntry(): string | null {
  const pkg = path.join(root, 'node_modules/@doyensec/electronegativity/package.json');
  if (!fs.existsSync(pkg)) return null;
  const { bin } = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { bin?: string | Record<string, string> };
  const rel = typeof bin === 'string' ? bin : bin?.electronegativity;
  return rel ? path.join(path.dirname(pkg), rel) : null;
}

function electronVersion(): string | null {
  try {
    return (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

function main(argv: string[]): number {
  const strict = argv.includes('--strict');
  const inputs = argv.filter((a) => !a.startsWith('--'));
  const dirs = (inputs.length ? inputs : ['electron']).map((d) => path.resolve(root, d));
  const entry = toolEntry();
  if (!entry) {
    process.stdout.write('electronegativity: @doyensec/electronegativity is not installed — scan SKIPPED.\n');
    return strict ? 1 : 0;
  }
  const suppressions = loadSuppressions();
  const findings: Finding[] = [];
  const version = electronVersion();
  for (const dir of dirs) {
    // Run in a scratch folder: the tool drops cache files into its working directory.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
    const out = path.join(scratch, 'report.sarif');
    const args = [entry, '-i', dir, '-o', out, '-x', EXCLUDED_CHECKS.join(','), ...(version ? ['-e', version] : [])];
    const run = spawnSync(process.execPath, ['--require', path.join(root, 'scripts/electronegativity-offline.cjs'), ...args], { cwd: scratch, encoding: 'utf8' });
    if (run.status !== 0 || !fs.existsSync(out)) {
      process.stderr.write(`electronegativity failed on ${dir}:\n${run.stdout}\n${run.stderr}\n`);
      return 1;
    }
    findings.push(...readSarif(out, dir));
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const { open, unused } = unsuppressed(findings, suppressions);
  for (const s of unused) process.stdout.write(`note: suppression no longer needed: ${s.check} in ${s.file}\n`);
  for (const f of open) process.stdout.write(`${f.check}  ${f.file}${f.line ? `:${f.line}` : ''}  ${f.message}\n`);
  process.stdout.write(`electronegativity: ${findings.length} finding(s), ${findings.length - open.length} suppressed with a reason, ${open.length} open\n`);
  return open.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
