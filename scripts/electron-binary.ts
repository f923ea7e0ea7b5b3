import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Electron 42+ ships no binary in `npm install`: the package's own installer (`node_modules/electron/install.js`,
 * also its `install-electron` bin) downloads it, and `require('electron')` runs that installer on first use.
 * electron-vite does not require it: it reads `path.txt` itself and throws "Electron uninstall" when it is missing.
 * So `npm start` and `npm run dev` run the installer first, exactly as Electron would, and turn a failure into one
 * plain sentence that names the cause and the browser mode.
 */

export type ElectronBinary = { ok: true; binary: string; version: string } | { ok: false; message: string };

const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';
const PROBE_TIMEOUT_MS = 10_000;

export function electronPackageDir(root: string): string {
  return path.join(root, 'node_modules', 'electron');
}

/** Where `require('electron')` would point, or null when the binary is absent (found without requiring it). */
export function installedBinary(root: string): string | null {
  const dir = electronPackageDir(root);
  try {
    const rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8');
    const dist = process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? path.join(dir, 'dist');
    const full = path.join(dist, rel);
    return fs.existsSync(full) ? full : null;
  } catch {
    return null;
  }
}

/** Runs Electron's own installer (a no-op when the right binary is already there); explains a failure in words. */
export async function ensureElectron(root: string, log: (line: string) => void = (l) => console.log(l)): Promise<ElectronBinary> {
  const dir = electronPackageDir(root);
  let version: string;
  try {
    version = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return { ok: false, message: explain('the electron package is missing from node_modules (run `npm install` first)') };
  }
  if (!installedBinary(root)) log(`Downloading Electron ${version} for this computer (first start only, about 100 MB)…`);
  // stdout (progress) is shown; stderr is kept: the installer prints a bare stack trace on failure.
  const run = spawnSync(process.execPath, [path.join(dir, 'install.js')], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  const binary = installedBinary(root);
  if (run.status === 0 && binary) return { ok: true, binary, version };
  const cause = await diagnose(version, run.stderr ?? '');
  return { ok: false, message: explain(cause) };
}

function explain(cause: string): string {
  return `LitDesk cannot start its desktop window: the Electron runtime is not installed and could not be downloaded — ${cause}. ` +
    'Connect this computer to the internet and run `npm start` again, or use the browser mode instead: `npm run dev:browser`.';
}

function platformFile(version: string): string {
  const platform = process.env['ELECTRON_INSTALL_PLATFORM'] ?? process.env['npm_config_platform'] ?? process.platform;
  const arch = process.env['ELECTRON_INSTALL_ARCH'] ?? process.env['npm_config_arch'] ?? process.arch;
  return `electron-v${version}-${platform}-${arch}.zip`;
}

/** Why the download failed, in words: asks the same server once more and reads the network error's code. */
async function diagnose(version: string, installerOutput: string): Promise<string> {
  if (/not available on platform/i.test(installerOutput)) return `Electron has no build for this operating system (${process.platform})`;
  // The same order @electron/get reads them in (.npmrc, package.json config, environment).
  const mirror = process.env['npm_config_electron_mirror'] || process.env['NPM_CONFIG_ELECTRON_MIRROR'] ||
    process.env['npm_package_config_electron_mirror'] || process.env['ELECTRON_MIRROR'] || DEFAULT_MIRROR;
  const base = mirror.endsWith('/') ? mirror : `${mirror}/`;
  const url = `${base}v${version}/${platformFile(version)}`;
  let host: string;
  try { host = new URL(url).host; } catch { return `the download address ${JSON.stringify(mirror)} is not a valid URL`; }
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (res.status === 404) return `Electron ${version} is not published for ${process.platform}-${process.arch} at ${host}`;
    if (!res.ok) return `${host} answered with HTTP ${res.status}`;
    if (/checksum/i.test(installerOutput)) return 'the downloaded file did not match its published checksum';
    if (/ENOSPC/.test(installerOutput)) return 'the disk is full';
    if (/EACCES|EPERM/.test(installerOutput)) return 'node_modules/electron is not writable by this user';
    const last = installerOutput.trim().split('\n')[0]?.trim();
    return `the download from ${host} failed${last ? ` (${last})` : ''}`;
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; errors?: Array<{ code?: string }> } };
    const code = err.cause?.code ?? err.cause?.errors?.[0]?.code ?? (err.name === 'TimeoutError' ? 'ETIMEDOUT' : undefined);
    switch (code) {
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `this computer cannot reach ${host} (no internet connection, or the name does not resolve)`;
      case 'ECONNREFUSED':
        return `${host} refused the connection`;
      case 'ECONNRESET':
      case 'EPIPE':
        return `the connection to ${host} was cut`;
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
        return `${host} did not answer within ${PROBE_TIMEOUT_MS / 1000} seconds`;
      case 'ENETUNREACH':
      case 'EHOSTUNREACH':
        return 'this computer has no route to the internet';
      default:
        if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `the connection to ${host} failed its certificate check (a proxy or firewall may be in the way)`;
        return `the connection to ${host} failed${code ? ` (${code})` : ''}`;
    }
  }
}
