import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { flipFuses, FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/backend.ts';

// scripts/after-pack.cjs flipped by the real @electron/fuses on a stand-in binary: a file holding the fuse sentinel
// and a V1 wire in Electron's default state (no Electron binary can be downloaded here).
const require = createRequire(import.meta.url);
const { FUSES } = require('../../../scripts/after-pack.cjs') as { FUSES: Parameters<typeof flipFuses>[1] };
/** The marker Electron puts before its fuse wire (@electron/fuses does not export it). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

function fakeElectron(wireLength: number): string {
  const defaults = [1, 1, 1, 1, 0, 0, 0, 1, 1]; // Electron's shipped defaults, in FuseV1Options order
  const wire = Buffer.from(defaults.slice(0, wireLength).map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE)));
  const file = path.join(tempDir('litdesk-fuses-'), 'litdesk');
  fs.writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), Buffer.from([1, wireLength]), wire, Buffer.alloc(4096, 7)]));
  return file;
}

describe('fuses flipped after packing', () => {
  it('sets the hardened wire', async () => {
    const file = fakeElectron(9);
    await flipFuses(file, FUSES);
    const wire = await getCurrentFuseWire(file);
    const on = (o: FuseV1Options) => wire[o] === FuseState.ENABLE;
    expect(on(FuseV1Options.RunAsNode)).toBe(false);
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true);
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe(true);
    // Kept on for file:// module scripts (docs/electron-shell.md).
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(true);
  });

  it('fails loudly when Electron adds a fuse nobody has decided on', async () => {
    const file = fakeElectron(9);
    const longer = Buffer.concat([fs.readFileSync(file)]);
    const at = longer.indexOf(SENTINEL) + SENTINEL.length;
    longer[at + 1] = 10; // a tenth fuse
    longer[at + 2 + 9] = FuseState.ENABLE;
    fs.writeFileSync(file, longer);
    await expect(flipFuses(file, FUSES)).rejects.toThrow(/strictlyRequireAllFuses/);
  });
});
