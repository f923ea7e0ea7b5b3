import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  candidateFilter, candidateScoped, electionFilter, electionInScope, inScope, NO_CANDIDATE, NO_ELECTION, ownCandidacy,
} from '../../../shared/domain/candidate-scope.ts';

const root = path.resolve(import.meta.dirname, '../../..');
function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

describe('candidate scoping (shared/domain/candidate-scope.ts)', () => {
  const huong = { role: 'candidate' as const, candidateId: 1 };
  const orphan = { role: 'candidate' as const, candidateId: null };
  it('a candidate reaches only their own candidacy, whatever id they send', () => {
    expect(candidateFilter(huong, undefined)).toBe(1);
    expect(candidateFilter(huong, 2)).toBe(1);
    expect(inScope(huong, 1)).toBe(true);
    expect(inScope(huong, 2)).toBe(false);
    expect(candidateFilter(orphan, 1)).toBe(NO_CANDIDATE);
    expect(inScope(orphan, 1)).toBe(false);
    expect(inScope(orphan, NO_CANDIDATE)).toBe(false);
  });
  it('committee members and the auditor reach every candidate, filtered as they ask', () => {
    for (const role of ['chair', 'staff', 'auditor'] as const) {
      const u = { role, candidateId: null };
      expect(candidateFilter(u, undefined)).toBeUndefined();
      expect(candidateFilter(u, 2)).toBe(2);
      expect(inScope(u, 2)).toBe(true);
    }
  });
  // Election-level scoping: candidacy 1 stands in election 10, candidacy 2 in election 20.
  const elections = new Map([[1, 10], [2, 20]]);
  const asked: number[] = [];
  const electionOf = (c: number): number => { asked.push(c); const e = elections.get(c); if (e === undefined) throw new Error(`no candidacy ${c}`); return e; };
  it('a candidate reaches only the election of their own candidacy, whatever election they name', () => {
    expect(candidateScoped(huong)).toBe(true);
    expect(ownCandidacy(huong)).toBe(1);
    expect(ownCandidacy(orphan)).toBeNull();
    expect(electionFilter(huong, undefined, electionOf)).toBe(10);
    expect(electionFilter(huong, 20, electionOf)).toBe(10);
    expect(electionInScope(huong, 10, electionOf)).toBe(true);
    expect(electionInScope(huong, 20, electionOf)).toBe(false);
    expect(electionInScope(huong, NO_ELECTION, electionOf)).toBe(false);
    // Without a candidacy: no election at all, and nothing is looked up.
    asked.length = 0;
    expect(electionFilter(orphan, 10, electionOf)).toBe(NO_ELECTION);
    expect(electionInScope(orphan, 10, electionOf)).toBe(false);
    expect(electionInScope(orphan, NO_ELECTION, electionOf)).toBe(false);
    expect(asked).toEqual([]);
  });
  it('committee members and the auditor reach every election, filtered as they ask, without a look-up', () => {
    asked.length = 0;
    for (const role of ['chair', 'staff', 'auditor'] as const) {
      const u = { role, candidateId: null };
      expect(candidateScoped(u)).toBe(false);
      expect(ownCandidacy(u)).toBeNull();
      expect(electionFilter(u, undefined, electionOf)).toBeUndefined();
      expect(electionFilter(u, 20, electionOf)).toBe(20);
      expect(electionInScope(u, 20, electionOf)).toBe(true);
      expect(electionInScope(u, 987_654, electionOf)).toBe(true);
    }
    expect(asked).toEqual([]);
  });
  it('is not written again in a handler', () => {
    const copies = [/candidateId \?\? -1\)/, /role === 'candidate' && [\w.]*candidateId !==/, /role === 'candidate' && [\w.]+ !== [\w.]*candidateId/,
      // the login's own candidacy or its election, read by hand instead of through ownCandidacy / electionInScope
      /\buser!?\.candidateId\b/, /candidate\([^)]*\)\.electionId *(!==|===)/];
    // A test of the login's role followed within two lines by a candidate or election id is scoping written by hand.
    // (Role tests that are other rules stay: candidates never see counts under 10, never type a segment.)
    const roleThenId = /user!?\.role [!=]== 'candidate'[^\n]*(\n[^\n]*){0,2}/g;
    const found: string[] = [];
    for (const file of sources(path.join(root, 'electron'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const re of copies) if (re.test(text)) found.push(`${path.relative(root, file)}: ${re}`);
      for (const m of text.matchAll(roleThenId)) if (/candidateId|electionId/.test(m[0])) found.push(`${path.relative(root, file)}: ${m[0].split('\n')[0]!.trim()}`);
    }
    expect(found, 'use candidateFilter / inScope / electionFilter / electionInScope from shared/domain/candidate-scope.ts').toEqual([]);
  });
});
