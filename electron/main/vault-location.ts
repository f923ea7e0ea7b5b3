import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../vault/atomic-file.ts';

/**
 * Where the vault lives: `<userData>/vault` unless the chair chose another folder when creating it (remembered in
 * `<userData>/config.json`). Demo mode uses its own `<userData>/demo-vault`, so trying the app never touches the
 * committee's real vault, and never changes the remembered choice.
 */
export type VaultLocation = { vaultDir: string; demo: boolean };

const CONFIG = 'config.json';

export function vaultLocation(userData: string, demo: boolean): VaultLocation {
  if (demo) return { vaultDir: path.join(userData, 'demo-vault'), demo: true };
  return { vaultDir: rememberedVaultDir(userData) ?? path.join(userData, 'vault'), demo: false };
}

function rememberedVaultDir(userData: string): string | null {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(userData, CONFIG), 'utf8')) as { vaultDir?: unknown };
    const dir = config.vaultDir;
    return typeof dir === 'string' && path.isAbsolute(dir) && !dir.includes('\0') ? dir : null;
  } catch {
    return null; // no file yet, or unreadable: fall back to the default folder
  }
}

export function rememberVaultDir(userData: string, vaultDir: string): void {
  fs.mkdirSync(userData, { recursive: true });
  let config: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(userData, CONFIG), 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) config = parsed as Record<string, unknown>;
  } catch { /* start a fresh file */ }
  writeFileAtomic(path.join(userData, CONFIG), `${JSON.stringify({ ...config, vaultDir: path.resolve(vaultDir) }, null, 2)}\n`);
}
