import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../../../scripts/browser-app.ts';
import { tempDir } from '../../support/backend.ts';

// `npm start` on a fresh machine: scripts/start.ts runs Electron's own installer (node_modules/electron/install.js)
// and then the production build. Each case runs the real script in a throw-away copy of the project whose
// node_modules links to the real packages, except `electron`, which is a fresh copy with no binary in it (as after
// `npm install`), so the shared node_modules is never written to.

const electronFiles = ['install.js', 'index.js', 'cli.js', 'package.json', 'checksums.json'];

function freshProject(opts: { electron?: boolean } = {}): string {
  const dir = tempDir('litdesk-start-');
  fs.mkdirSync(path.join(dir, 'scripts'));
  for (const f of ['start.ts', 'electron-binary.ts']) fs.copyFileSync(path.join(root, 'scripts', f), path.join(dir, 'scripts', f));
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  const nm = path.join(dir, 'node_modules');
  fs.mkdirSync(nm);
  const realNm = fs.realpathSync(path.join(root, 'node_modules'));
  for (const entry of fs.readdirSync(realNm)) {
    if (entry === 'electron') continue;
    fs.symlinkSync(path.join(realNm, entry), path.join(nm, entry));
  }
  if (opts.electron !== false) {
    const el = path.join(nm, 'electron');
    fs.mkdirSync(el);
    for (const f of electronFiles) fs.copyFileSync(path.join(realNm, 'electron', f), path.join(el, f));
    if (fs.existsSync(path.join(realNm, 'electron', 'node_modules'))) fs.symlinkSync(path.join(realNm, 'electron', 'node_modules'), path.join(el, 'node_modules'));
  }
  return dir;
}

type Run = { code: number | null; stdout: string; stderr: string };
function runStart(dir: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|ELECTRON_|electron_)/i.test(k)));
    const child = spawn(process.execPath, [path.join(dir, 'scripts', 'start.ts'), ...args], {
      cwd: dir, env: { ...clean, electron_config_cache: path.join(dir, '.electron-cache'), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const noStack = (text: string): void => {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/TypeError|Error:/);
};

/** A stored (uncompressed) zip of the given files, with Unix modes, as Electron's release zips carry. */
function zipOf(files: Array<{ name: string; data: Buffer; mode: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const crc = zlib.crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18); local.writeUInt32LE(f.data.length, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE((3 << 8) | 20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(f.data.length, 20); central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28); central.writeUInt32LE(((0o100000 | f.mode) << 16) >>> 0, 38); central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += local.length + name.length + f.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const servers: http.Server[] = [];
afterAll(async () => { await Promise.all(servers.map((s) => new Promise((r) => s.close(r)))); });

describe('npm start on a fresh machine', () => {
  it('without a reachable download server: one plain sentence naming the cause and the browser mode, exit 1', async () => {
    const dir = freshProject();
    const port = await closedPort();
    const r = await runStart(dir, [], { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('the Electron runtime is not installed and could not be downloaded');
    expect(lines[0]).toContain(`127.0.0.1:${port} refused the connection`);
    expect(lines[0]).toContain('npm run dev:browser');
    noStack(r.stderr);
    noStack(r.stdout);
    // Nothing half-installed is left behind for the next start to trust.
    expect(fs.existsSync(path.join(dir, 'node_modules', 'electron', 'path.txt'))).toBe(false);
  });

  it('names a server that answers "not found" (no such release) rather than a network failure', async () => {
    const dir = freshProject();
    const server = http.createServer((_req, res) => { res.statusCode = 404; res.end('no'); });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const r = await runStart(dir, [], { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Electron \d+\.\d+\.\d+ is not published for/);
    expect(r.stderr).toContain('npm run dev:browser');
    noStack(r.stderr);
  });

  it('without the electron package at all: says to run npm install, exit 1', async () => {
    const dir = freshProject({ electron: false });
    const r = await runStart(dir, [], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('run `npm install` first');
    expect(r.stderr).toContain('npm run dev:browser');
    noStack(r.stderr);
  });

  it('with a download server: installs the binary the way Electron does, then launches the built app without a dev server', async () => {
    const dir = freshProject();
    const version = (JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    // A stand-in "electron" executable that records how it was started.
    const record = path.join(dir, 'launched.json');
    const fake = Buffer.from(`#!/bin/sh\nprintf '{"args":"%s","node_env":"%s","renderer_url":"%s"}' "$*" "$NODE_ENV" "$ELECTRON_RENDERER_URL" > '${record}'\n`);
    const zip = zipOf([{ name: 'electron', data: fake, mode: 0o755 }, { name: 'version', data: Buffer.from(version), mode: 0o644 }]);
    const file = `electron-v${version}-${process.platform}-${process.arch}.zip`;
    const sums = `${crypto.createHash('sha256').update(zip).digest('hex')} *${file}\n`;
    const server = http.createServer((req, res) => {
      if (req.url === `/v${version}/${file}`) return res.end(req.method === 'HEAD' ? undefined : zip);
      if (req.url === `/v${version}/SHASUMS256.txt`) return res.end(sums);
      res.statusCode = 404;
      res.end();
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    // A built app already in out/ (the build itself is exercised by `npm test`'s electron-vite build elsewhere).
    fs.mkdirSync(path.join(dir, 'out', 'main'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'out', 'main', 'index.js'), '');
    const r = await runStart(dir, ['--skip-build', '--demo'], {
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_use_remote_checksums: '1', ELECTRON_RENDERER_URL: 'http://localhost:5173/',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'node_modules/electron/path.txt'), 'utf8')).toBe('electron');
    const launched = JSON.parse(fs.readFileSync(record, 'utf8')) as { args: string; node_env: string; renderer_url: string };
    expect(launched.args).toBe(`${dir} --demo`);
    expect(launched.node_env).toBe('production');
    expect(launched.renderer_url).toBe(''); // no dev server: electron/main keeps DevTools off
  }, 60_000);
});
