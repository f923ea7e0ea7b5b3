import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuppressions, readSarif, unsuppressed } from '../../../scripts/electronegativity.ts';
import { tempDir } from '../../support/backend.ts';

// The gate around Electronegativity (the tool itself is not installed here): findings are read from its SARIF
// report and only those suppressed with a reason pass.
const root = path.resolve(import.meta.dirname, '../../..');

function sarif(results: Array<{ ruleId: string; uri: string; line: number }>): string {
  const file = path.join(tempDir(), 'report.sarif');
  fs.writeFileSync(file, JSON.stringify({
    version: '2.1.0',
    runs: [{ results: results.map((r) => ({ ruleId: r.ruleId, message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri: r.uri }, region: { startLine: r.line } } }] })) }],
  }));
  return file;
}

describe('electronegativity gate', () => {
  it('fails on unexplained findings, passes suppressed ones, notes stale suppressions', () => {
    const scanned = path.join(root, 'electron');
    const findings = readSarif(sarif([
      { ruleId: 'PRELOAD_JS_CHECK', uri: path.join(scanned, 'main/index.ts'), line: 40 },
      { ruleId: 'OPEN_EXTERNAL_JS_CHECK', uri: 'main/shell-requests.ts', line: 9 },
    ]), scanned);
    expect(findings.map((f) => f.file)).toEqual(['electron/main/index.ts', 'electron/main/shell-requests.ts']);
    const suppressions = [
      { check: 'PRELOAD_JS_CHECK', file: 'electron/main/index.ts', reason: 'the preload exposes only the typed client' },
      { check: 'CSP_GLOBAL_CHECK', file: 'renderer/index.html', reason: 'no longer reported, kept to prove it is noted' },
    ];
    const { open, unused } = unsuppressed(findings, suppressions);
    expect(open.map((f) => f.check)).toEqual(['OPEN_EXTERNAL_JS_CHECK']);
    expect(unused.map((s) => s.check)).toEqual(['CSP_GLOBAL_CHECK']);
  });

  it('refuses a suppression without a reason', () => {
    const file = path.join(tempDir(), 's.json');
    fs.writeFileSync(file, JSON.stringify({ suppressions: [{ check: 'X', file: 'electron/main/index.ts', reason: '' }] }));
    expect(() => loadSuppressions(file)).toThrow(/real "reason"/);
    // The repo's own file parses, and every entry in it carries a real reason.
    for (const s of loadSuppressions()) expect(s.reason.length).toBeGreaterThan(40);
  });
});
