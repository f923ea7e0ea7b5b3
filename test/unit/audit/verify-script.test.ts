import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS } from '../../../electron/audit/log.ts';
import type { AuditEntry } from '../../../shared/api/commands/foundation.ts';

// The auditor's script, run as the auditor runs it, against trails an insider has cut, rewritten or reordered.
const SCRIPT = new URL('../../../scripts/verify-audit-export.mjs', import.meta.url).pathname;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litdesk-verify-'));
let n = 0;
const file = (text: string): string => { const p = path.join(dir, `f${n++}.jsonl`); fs.writeFileSync(p, text); return p; };
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}`.trim() };
};

/** A chain as LitDesk writes it; `from` lets an insider rebuild a consistent chain from other content. */
function chain(actions: string[]): AuditEntry[] {
  let prev = GENESIS;
  return actions.map((action, i) => {
    const base = { seq: i + 1, at: `2026-05-0${1 + (i % 9)}T10:00:00.000Z`, actorId: 1, actor: 'chair (chair)', action, target: null, details: { i: action }, prevHash: prev };
    const e = { ...base, hash: entryHash(base) };
    prev = e.hash;
    return e;
  });
}
const jsonl = (es: AuditEntry[]): string => es.map((e) => `${JSON.stringify(e)}\n`).join('');
const ACTIONS = ['vault.create', 'users.add', 'billing.payment', 'requests.release', 'billing.payment', 'reports.export', 'requests.withdraw', 'audit.verify'];

describe('verify-audit-export.mjs', () => {
  const good = chain(ACTIONS);
  const goodFile = file(jsonl(good));

  it('accepts an intact trail and every head it really holds, full or short', () => {
    expect(run(goodFile)).toEqual({ code: 0, out: `OK: 8 entries, chain head ${good[7]!.hash}` });
    const r = run('--expect-head', `3:${good[2]!.hash}`, '--expect-head', `5:${good[4]!.hash.slice(0, 16)}`, goodFile);
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining('holds all 2 expected heads') });
  });

  it('names a truncated trail against a head printed on a document', () => {
    const cut = file(jsonl(good.slice(0, 5)));
    expect(run(cut).code).toBe(0); // on its own, a cut trail is a valid chain: only the head outside shows the cut
    const r = run('--expect-head', `7:${good[6]!.hash}`, cut);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^TRUNCATED: .*head #7.*ends at entry #5/);
  });

  it('names a re-hashed rewrite against a head printed on a document', () => {
    // The insider removes the payment at #3 and rebuilds a fully consistent chain.
    const forged = chain(ACTIONS.filter((_, i) => i !== 2));
    const f = file(jsonl(forged));
    expect(run(f).code).toBe(0);
    const r = run('--expect-head', `4:${good[3]!.hash.slice(0, 16)}`, f);
    expect(r).toMatchObject({ code: 1, out: expect.stringMatching(/^REWRITTEN: .*head #4 .*rewritten at or before entry #4/) });
  });

  it('compares two exports: NEW must extend OLD', () => {
    const older = file(jsonl(good.slice(0, 6)));
    expect(run(older, goodFile)).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: NEW extends OLD: OLD's 6 entries unchanged, 2 added/) });
    // Truncated: NEW is OLD with its end cut off.
    expect(run(goodFile, older)).toMatchObject({ code: 1, out: expect.stringMatching(/^TRUNCATED: NEW ends at entry #6; OLD's entries #7..#8/) });
    // Rewritten: entry #3 dropped and the chain re-hashed.
    const dropped = file(jsonl(chain(ACTIONS.filter((_, i) => i !== 2))));
    expect(run(older, dropped)).toMatchObject({ code: 1, out: expect.stringMatching(/^REWRITTEN: OLD's entry #3 billing.payment .* rewritten from entry #3/) });
    // Reordered: #4 and #5 swapped and re-hashed.
    // Keeps each moved entry's own time and details, so it is the same entry in another place.
    const moved = (() => {
      let prev = GENESIS;
      const src = [good[0]!, good[1]!, good[2]!, good[4]!, good[3]!, good[5]!];
      return src.map((s, i) => { const base = { ...s, seq: i + 1, prevHash: prev }; delete (base as Partial<AuditEntry>).hash; const e = { ...base, hash: entryHash(base) }; prev = e.hash; return e; });
    })();
    expect(run(older, file(jsonl(moved)))).toMatchObject({ code: 1, out: expect.stringMatching(/^REORDERED: OLD's entry #4 requests.release .* is entry #5 in NEW/) });
  });

  it('checks every head of a witness file', () => {
    const witness = file(`${JSON.stringify({ seq: 2, hash: good[1]!.hash, at: good[1]!.at, source: 'receipt R-000001' })}\n${JSON.stringify({ seq: 8, hash: good[7]!.hash, at: good[7]!.at, source: 'check' })}\n`);
    expect(run('--witness', witness, goodFile).code).toBe(0);
    const r = run('--witness', witness, file(jsonl(good.slice(0, 7))));
    expect(r).toMatchObject({ code: 1, out: expect.stringMatching(/^TRUNCATED: witness line 2 \(check\) records head #8/) });
  });

  it('never crashes on a damaged file: one line names where', () => {
    const text = jsonl(good);
    const cases: Array<[string, RegExp]> = [
      [text.slice(0, text.length - 40), /^BROKEN at line 8: the file ends in the middle of a line \(TRUNCATED/],
      [text.slice(0, text.length - 1), /^BROKEN at line 8: the file ends in the middle/],
      ['', /^BROKEN at line 1: the file is empty/],
      [text.replace(/\n/, '\n\n'), /^BROKEN at line 2: an empty line/],
      [`${text}{"seq":9,\n`, /^BROKEN at line 9: not a JSON entry/],
      [`${text}[1,2,3]\n`, /^BROKEN at line 9: not an audit entry/],
      [`${text}null\n`, /^BROKEN at line 9: not an audit entry/],
      [`${text}{"seq":"9"}\n`, /^BROKEN at line 9: entry has no valid "seq"/],
      [`${text}{"seq":9,"at":"x","actorId":1,"actor":"a","action":"b","target":null,"details":{},"prevHash":"zz","hash":"00"}\n`, /^BROKEN at line 9: entry has no valid "prevHash"/],
      [`${text}\u0000\u00ff\u0001\n`, /^BROKEN at line 9: not a JSON entry/],
      [text.split('\n').filter((_, i) => i !== 2).join('\n'), /^BROKEN at line 3: entry seq 4 where seq 3 was due/],
    ];
    for (const [content, expected] of cases) {
      const r = run(file(content));
      expect(r.code, content.slice(-60)).toBe(1);
      expect(r.out).toMatch(expected);
      expect(r.out).not.toMatch(/at .*\.mjs:\d+|TypeError|SyntaxError/);
    }
    const edited = good.map((e) => ({ ...e }));
    edited[3] = { ...edited[3]!, actor: 'someone else' };
    expect(run(file(jsonl(edited))).out).toMatch(/^BROKEN at line 4: entry seq 4 was changed/);
    expect(run(path.join(dir, 'missing.jsonl'))).toMatchObject({ code: 2, out: expect.stringMatching(/^cannot read .*ENOENT/) });
    expect(run('--expect-head', '3:abc', goodFile)).toMatchObject({ code: 2, out: expect.stringMatching(/at least 16 hex digits/) });
    expect(run('--witness', file('not json\n'), goodFile)).toMatchObject({ code: 1, out: expect.stringMatching(/^witness: BROKEN at line 1/) });
  });
});
