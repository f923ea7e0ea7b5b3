// The CI step a newcomer's first hour stands for (issue 16): a clean clone of the repository, the README's
// commands in order, up to the browser mode. `npm install` is stood in for by the already-installed node_modules
// (linked, never written: installing would need the network and minutes), and its promise is checked instead:
// resolving the lockfile changes nothing. Then `npm run dev:browser -- --headless --exit-when-ready` must build the
// renderer in the clone and show the set-up screen of a fresh vault, exit 0.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../../../scripts/browser-app.ts';
import { tempDir } from '../../support/backend.ts';

// npm as the newcomer runs it, with this Node first on PATH (npm's `#!/usr/bin/env node` then runs Node 24).
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`, npm_config_update_notifier: 'false' };
const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ready = spawnSync('npm', ['--version'], { env }).status === 0 && fs.existsSync(chromium) && fs.existsSync(path.join(root, '.git'));

describe.skipIf(!ready)(ready ? 'a newcomer following the README on a clean clone' : 'newcomer check skipped: needs npm beside node, Chromium and a git checkout', () => {
  it('clone, lockfile unchanged, npm run dev:browser shows the set-up screen', () => {
    const dir = path.join(tempDir('litdesk-newcomer-'), 'litdesk');
    const clone = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${root}`, dir], { encoding: 'utf8' });
    expect(clone.status, clone.stderr).toBe(0);
    fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules')), path.join(dir, 'node_modules'));
    const npm = (args: string[], timeout: number) => spawnSync('npm', args, { cwd: dir, env, encoding: 'utf8', timeout });

    // The commands below are the README's own: if the README stops saying them, this test no longer follows it.
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    for (const said of ['npm install', 'npm start', 'npm run dev:browser', 'Node 24']) expect(readme, `README.md no longer says "${said}"`).toContain(said);

    // README: Node 24 LTS.
    const engines = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toContain('24');
    expect(process.versions.node.split('.')[0]).toBe('24');

    // `npm install` leaves package-lock.json as committed (resolved offline from the lock and the installed tree).
    const lockBefore = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
    const lock = npm(['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--offline'], 120_000);
    expect(lock.status, lock.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')).toBe(lockBefore);

    // README: "On a machine without an Electron binary ... use the browser dev mode: npm run dev:browser".
    const run = npm(['run', 'dev:browser', '--', '--headless', '--exit-when-ready'], 240_000);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('first screen: set-up');
    expect(fs.existsSync(path.join(dir, 'out', 'renderer', 'index.html'))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.vault-dev', 'keyslots.json'))).toBe(false); // a fresh start: nothing was created yet
  }, 300_000);
});
