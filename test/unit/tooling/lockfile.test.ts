import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../../../scripts/browser-app.ts';

// `npm install` on a fresh clone must leave package-lock.json as it is. A fresh install copies `hasInstallScript`
// from the registry's metadata, which the registry sets at publish time for an install, preinstall or postinstall
// script AND for a binding.gyp, even when package.json says `"gypfile": false` (better-sqlite3-multiple-ciphers
// does: it loads prebuilds). A lockfile regenerated from an existing node_modules reads package.json instead and
// leaves the flag out, and the next fresh install adds it back. This checks the lock against the registry's rule.

type LockEntry = { version?: string; hasInstallScript?: boolean; link?: boolean };

function installScript(dir: string): boolean {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const s = pkg.scripts ?? {};
  if (s['install'] || s['preinstall'] || s['postinstall']) return true;
  return fs.existsSync(path.join(dir, 'binding.gyp'));
}

describe('package-lock.json', () => {
  it('records hasInstallScript exactly for the installed packages that have one (so npm install changes nothing)', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
    const wrong: string[] = [];
    let checked = 0;
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (key === '' || entry.link) continue;
      const dir = path.join(root, key);
      if (!fs.existsSync(path.join(dir, 'package.json'))) continue; // optional for another platform
      const installed = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
      if (installed.version !== entry.version) continue;
      checked++;
      if (installScript(dir) !== (entry.hasInstallScript === true)) wrong.push(`${key} (lock: ${entry.hasInstallScript === true}, package: ${installScript(dir)})`);
    }
    expect(checked).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });
});
