import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidateFilter, inScope, NO_CANDIDATE } from '../../../shared/domain/candidate-scope.ts';

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
  it('is not written again in a handler', () => {
    const copies = [/candidateId \?\? -1\)/, /role === 'candidate' && [\w.]*candidateId !==/, /role === 'candidate' && [\w.]+ !== [\w.]*candidateId/];
    const found: string[] = [];
    for (const file of sources(path.join(root, 'electron'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const re of copies) if (re.test(text)) found.push(`${path.relative(root, file)}: ${re}`);
    }
    expect(found, 'use candidateFilter / inScope from shared/domain/candidate-scope.ts').toEqual([]);
  });
});
