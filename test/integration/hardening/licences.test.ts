import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { importedPackages, judge, licenceReport } from '../../../scripts/licences.ts';
import { lockfileMatchesInstall } from '../../../scripts/audit-deps.ts';

const root = path.resolve(import.meta.dirname, '../../..');

describe('dependencies', () => {
  it('ship no copyleft licence among production packages', () => {
    const { packages, failures } = licenceReport(root);
    expect(packages.length).toBeGreaterThan(50);
    expect(failures.map((f) => `${f.name}@${f.version} ${f.licence}`)).toEqual([]);
  });

  it('ship once: the bundles carry every library, node_modules only what the bundles leave external (issue 11 §6)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const config = fs.readFileSync(path.join(root, 'electron.vite.config.ts'), 'utf8');
    const externals = [...config.matchAll(/external:\s*\[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!));
    expect(Object.keys(pkg.dependencies).sort(), 'package.json dependencies must be exactly the externals of electron.vite.config.ts').toEqual([...new Set(externals)].sort());
    const undeclared = [...importedPackages(root)].filter((n) => !pkg.dependencies[n] && !pkg.devDependencies[n]);
    expect(undeclared, 'imported by the app but not in package.json').toEqual([]);
    const unused = Object.keys(pkg.dependencies).filter((n) => !importedPackages(root).has(n));
    expect(unused, 'a dependency nothing imports ships for nothing').toEqual([]);
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
