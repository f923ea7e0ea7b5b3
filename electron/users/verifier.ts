import crypto from 'node:crypto';
import { DEFAULT_KDF, type KdfCost } from '../vault/keyslots.ts';
import type { DB } from '../vault/database.ts';

// A candidate's or auditor's passphrase, checked inside the unlocked vault (issue 12 §1): scrypt with the same cost
// as the committee's key slots, compared in constant time. It opens nothing: it only says "this is that user".
const MAXMEM = 512 * 1024 * 1024;
const derive = (passphrase: string, salt: Buffer, kdf: KdfCost): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    crypto.scrypt(passphrase.normalize('NFC'), Buffer.concat([Buffer.from('litdesk-verifier:'), salt]), 32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** Derives the verifier outside any transaction (scrypt takes ~0.3 s); `storeVerifier` writes it. */
export async function makeVerifier(passphrase: string, kdf: KdfCost = DEFAULT_KDF): Promise<{ salt: Buffer; hash: Buffer; kdf: KdfCost }> {
  const salt = crypto.randomBytes(16);
  return { salt, hash: await derive(passphrase, salt, kdf), kdf };
}

export function storeVerifier(db: DB, userId: number, v: { salt: Buffer; hash: Buffer; kdf: KdfCost }, at: Date): void {
  db.prepare(`INSERT INTO user_verifiers (user_id, salt, n, r, p, hash, set_at) VALUES (?,?,?,?,?,?,?)
    ON CONFLICT(user_id) DO UPDATE SET salt=excluded.salt, n=excluded.n, r=excluded.r, p=excluded.p, hash=excluded.hash, set_at=excluded.set_at`)
    .run(userId, v.salt, v.kdf.N, v.kdf.r, v.kdf.p, v.hash, at.toISOString());
}

export function dropVerifier(db: DB, userId: number): void {
  db.prepare('DELETE FROM user_verifiers WHERE user_id=?').run(userId);
}

export const hasVerifier = (db: DB, userId: number): boolean =>
  db.prepare('SELECT 1 FROM user_verifiers WHERE user_id=?').get(userId) !== undefined;

/** Whether the passphrase matches; a user without a verifier costs the same time and never matches. */
export async function checkVerifier(db: DB, userId: number | null, passphrase: string): Promise<boolean> {
  const row = userId === null ? undefined : db.prepare('SELECT salt, n, r, p, hash FROM user_verifiers WHERE user_id=?').get(userId) as
    | { salt: Uint8Array; n: number; r: number; p: number; hash: Uint8Array } | undefined;
  if (!row) {
    await derive(passphrase, crypto.randomBytes(16), DEFAULT_KDF);
    return false;
  }
  const got = await derive(passphrase, Buffer.from(row.salt), { N: row.n, r: row.r, p: row.p });
  return crypto.timingSafeEqual(got, Buffer.from(row.hash));
}
