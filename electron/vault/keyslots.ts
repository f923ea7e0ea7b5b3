import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../shared/api/errors.ts';
import { writeFileAtomic } from './atomic-file.ts';

// DESIGN §3: the database key is 32 random bytes; each user's slot holds it wrapped with AES-256-GCM under a key
// derived from that user's passphrase with scrypt. The file holds no secret in the clear.
export type KdfParams = { name: 'scrypt'; N: number; r: number; p: number; salt: string };
export type KeySlot = { userId: number; login: string; kdf: KdfParams; iv: string; tag: string; wrapped: string };
export type KeySlotFile = { format: 'litdesk-keyslots'; version: 1; vaultId: string; slots: KeySlot[] };

export const DEFAULT_KDF = { N: 2 ** 17, r: 8, p: 1 } as const;
const MAXMEM = 512 * 1024 * 1024;

const scrypt = (passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    crypto.scrypt(passphrase.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );

/** Binds the wrapped key to its vault and user so a slot cannot be moved to another user or file. */
const aad = (vaultId: string, userId: number): Buffer => Buffer.from(`litdesk-slot:${vaultId}:${userId}`);

export async function makeSlot(
  vaultId: string, userId: number, login: string, passphrase: string, dbKey: Buffer,
  kdf: { N: number; r: number; p: number } = DEFAULT_KDF,
): Promise<KeySlot> {
  const salt = crypto.randomBytes(16);
  const kek = await scrypt(passphrase, salt, kdf);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(aad(vaultId, userId));
  const wrapped = Buffer.concat([cipher.update(dbKey), cipher.final()]);
  kek.fill(0);
  return {
    userId, login,
    kdf: { name: 'scrypt', ...kdf, salt: salt.toString('base64') },
    iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), wrapped: wrapped.toString('base64'),
  };
}

/** Returns the database key, or null when the passphrase is wrong (GCM authentication fails). */
export async function openSlot(vaultId: string, slot: KeySlot, passphrase: string): Promise<Buffer | null> {
  const kek = await scrypt(passphrase, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf);
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', kek, Buffer.from(slot.iv, 'base64'));
    decipher.setAAD(aad(vaultId, slot.userId));
    decipher.setAuthTag(Buffer.from(slot.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(slot.wrapped, 'base64')), decipher.final()]);
  } catch {
    return null;
  } finally {
    kek.fill(0);
  }
}

export function readSlotFile(file: string): KeySlotFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'vault.missingKeySlots' : 'vault.badKeySlots';
    throw new AppError(code, 'The vault\'s key file is missing or unreadable.');
  }
  const f = parsed as Partial<KeySlotFile>;
  if (f.format !== 'litdesk-keyslots' || f.version !== 1 || !Array.isArray(f.slots) || typeof f.vaultId !== 'string') {
    throw new AppError('vault.badKeySlots', 'The vault\'s key file is not in a format LitDesk knows.');
  }
  return f as KeySlotFile;
}

export function writeSlotFile(file: string, slots: KeySlotFile): void {
  writeFileAtomic(file, `${JSON.stringify(slots, null, 2)}\n`);
}
