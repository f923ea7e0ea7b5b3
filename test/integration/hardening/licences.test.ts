import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, licenceReport } from '../../../scripts/licences.ts';
import { lockfileMatchesInstall } from '../../../scripts/audit-deps.ts';

const root = path.resolve(import.meta.dirname, '../../..');

describe('dependencies', () => {
  it('ship no copyleft licence among production packages', () => {
    const { packages, failures } = licenceReport(root);
    expect(packages.length).toBeGreaterThan(50);
    expect(failures.map((f) => `${f.name}@${f.version} ${f.licence}`)).toEqual([]);
  });

  it('judges licence expressions as documented', () => {
    expect(judge('MIT')).toBe('ok');
    expect(judge('(MIT OR GPL-3.0-or-later)')).toBe('ok');
    expect(judge('GPL-3.0-only')).toBe('copyleft');
    expect(judge('LGPL-2.1')).toBe('copyleft');
    expect(judge('AGPL-3.0')).toBe('copyleft');
    expect(judge('MPL-2.0')).toBe('copyleft');
    expect(judge('MIT AND SSPL-1.0')).toBe('copyleft');
    expect(judge('SEE LICENSE IN LICENSE.txt')).toBe('unknown');
    expect(judge('')).toBe('unknown');
  });

  it('are installed at exactly the locked versions (the offline half of the audit)', () => {
    const { packages, mismatches } = lockfileMatchesInstall(root);
    expect(packages).toBeGreaterThan(50);
    expect(mismatches).toEqual([]);
  });
});
