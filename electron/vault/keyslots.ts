import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../shared/api/errors.ts';
import { writeFileAtomic } from './atomic-file.ts';

// DESIGN §3 (revised): only committee members hold key material. Each has an X25519 key pair; the private key is
// wrapped (AES-256-GCM) under a key derived from their passphrase with scrypt; the 32-byte database key is sealed to
// every member's public key (ephemeral X25519 + HKDF-SHA256 + AES-256-GCM). Re-keying therefore needs only public
// keys: the chair seals a new database key to the remaining members without knowing their passphrases.
// The file holds no secret in the clear.

export type KdfCost = { N: number; r: number; p: number };
export type KdfParams = { name: 'scrypt'; N: number; r: number; p: number; salt: string };
type Gcm = { iv: string; tag: string; data: string };

/** Format 1 (first release): the database key wrapped directly under each user's passphrase. Read for the upgrade. */
export type KeySlotV1 = { userId: number; login: string; kdf: KdfParams; iv: string; tag: string; wrapped: string };
export type KeySlotFileV1 = { format: 'litdesk-keyslots'; version: 1; vaultId: string; slots: KeySlotV1[] };

/** One committee member: their public key, their private key wrapped under their passphrase, the sealed DB key. */
export type SealedSlot = {
  userId: number; login: string;
  publicKey: string;
  privateKey: { kdf: KdfParams } & Gcm;
  sealed: { ephemeral: string } & Gcm;
};
export type KeySlotFileV2 = {
  format: 'litdesk-keyslots'; version: 2; vaultId: string;
  /** Counts re-keys; binds each sealed key to the file it belongs to. */
  generation: number;
  /** Keys the login throttle's record (core/throttle.ts): tells a damaged or hand-edited record from LitDesk's own. */
  throttleKey: string;
  slots: SealedSlot[];
  /** Format-1 slots of committee members who have not signed in since the upgrade (each converts at their next
   * unlock; a re-key drops what is left). */
  legacy: KeySlotV1[];
  /** A re-key is owed (one could not run when it was due); the next committee unlock runs it. */
  rekeyDue?: boolean;
  /** Set by the upgrade: re-key once the last format-1 slot has converted (copies of the old file know this key). */
  rekeyWhenConverted?: boolean;
};
export type KeySlotFile = KeySlotFileV1 | KeySlotFileV2;

export const DEFAULT_KDF: KdfCost = { N: 2 ** 17, r: 8, p: 1 };
const MAXMEM = 512 * 1024 * 1024;
const b64 = (b: Buffer): string => b.toString('base64');
const unb64 = (s: string): Buffer => Buffer.from(s, 'base64');

const scrypt = (passphrase: string, salt: Buffer, kdf: KdfCost): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    crypto.scrypt(passphrase.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );

function seal(key: Buffer, plain: Buffer, aad: Buffer): Gcm {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv: b64(iv), tag: b64(cipher.getAuthTag()), data: b64(data) };
}

function open(key: Buffer, box: Gcm, aad: Buffer): Buffer | null {
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, unb64(box.iv));
    decipher.setAAD(aad);
    decipher.setAuthTag(unb64(box.tag));
    return Buffer.concat([decipher.update(unb64(box.data)), decipher.final()]);
  } catch {
    return null;
  }
}

// ---- format 1 (read for the upgrade; written only by tests that build a first-release vault) ----

const aadV1 = (vaultId: string, userId: number): Buffer => Buffer.from(`litdesk-slot:${vaultId}:${userId}`);

export async function makeSlotV1(vaultId: string, userId: number, login: string, passphrase: string, dbKey: Buffer, kdf: KdfCost = DEFAULT_KDF): Promise<KeySlotV1> {
  const salt = crypto.randomBytes(16);
  const kek = await scrypt(passphrase, salt, kdf);
  const box = seal(kek, dbKey, aadV1(vaultId, userId));
  kek.fill(0);
  return { userId, login, kdf: { name: 'scrypt', ...kdf, salt: b64(salt) }, iv: box.iv, tag: box.tag, wrapped: box.data };
}

/** Returns the database key, or null when the passphrase is wrong (GCM authentication fails). */
export async function openSlotV1(vaultId: string, slot: KeySlotV1, passphrase: string): Promise<Buffer | null> {
  const kek = await scrypt(passphrase, unb64(slot.kdf.salt), slot.kdf);
  try {
    return open(kek, { iv: slot.iv, tag: slot.tag, data: slot.wrapped }, aadV1(vaultId, slot.userId));
  } finally {
    kek.fill(0);
  }
}

// ---- format 2: member key pairs and sealed database keys ----

/** Binds a wrapped private key to its vault, user and public key: a slot cannot be moved to another user or file. */
const aadMember = (vaultId: string, userId: number, publicKey: string): Buffer =>
  Buffer.from(`litdesk-member-key:v2:${vaultId}:${userId}:${publicKey}`);
const aadSealed = (vaultId: string, generation: number, userId: number, publicKey: string): Buffer =>
  Buffer.from(`litdesk-sealed-db-key:v2:${vaultId}:${generation}:${userId}:${publicKey}`);

export type MemberIdentity = Pick<SealedSlot, 'userId' | 'login' | 'publicKey' | 'privateKey'>;

/** A new X25519 key pair for a committee member, the private half wrapped under their passphrase. */
export async function newMemberIdentity(vaultId: string, userId: number, login: string, passphrase: string, kdf: KdfCost = DEFAULT_KDF): Promise<MemberIdentity> {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('x25519');
  const identity = await wrapMemberKey(vaultId, userId, login, b64(publicKey.export({ type: 'spki', format: 'der' })), privateKey, passphrase, kdf);
  return identity;
}

/** Wraps an existing private key under a (new) passphrase: a member changing their own passphrase keeps their pair. */
export async function wrapMemberKey(
  vaultId: string, userId: number, login: string, publicKey: string, privateKey: crypto.KeyObject, passphrase: string, kdf: KdfCost = DEFAULT_KDF,
): Promise<MemberIdentity> {
  const salt = crypto.randomBytes(16);
  const kek = await scrypt(passphrase, salt, kdf);
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const box = seal(kek, der, aadMember(vaultId, userId, publicKey));
  kek.fill(0);
  der.fill(0);
  return { userId, login, publicKey, privateKey: { kdf: { name: 'scrypt', ...kdf, salt: b64(salt) }, ...box } };
}

/** The member's private key, or null when the passphrase is wrong. */
export async function unwrapMemberKey(vaultId: string, slot: MemberIdentity, passphrase: string): Promise<crypto.KeyObject | null> {
  const kek = await scrypt(passphrase, unb64(slot.privateKey.kdf.salt), slot.privateKey.kdf);
  const der = open(kek, slot.privateKey, aadMember(vaultId, slot.userId, slot.publicKey));
  kek.fill(0);
  if (!der) return null;
  try {
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

const hkdf = (shared: Buffer, salt: Buffer, info: Buffer): Buffer => Buffer.from(crypto.hkdfSync('sha256', shared, salt, info, 32));

/** Seals the database key to one member's public key (an ephemeral X25519 key pair per slot). */
export function sealTo(vaultId: string, generation: number, member: MemberIdentity, dbKey: Buffer): SealedSlot {
  const recipient = crypto.createPublicKey({ key: unb64(member.publicKey), format: 'der', type: 'spki' });
  const eph = crypto.generateKeyPairSync('x25519');
  const ephPub = eph.publicKey.export({ type: 'spki', format: 'der' });
  const shared = crypto.diffieHellman({ privateKey: eph.privateKey, publicKey: recipient });
  const info = aadSealed(vaultId, generation, member.userId, member.publicKey);
  const key = hkdf(shared, Buffer.concat([ephPub, unb64(member.publicKey)]), info);
  shared.fill(0);
  const box = seal(key, dbKey, info);
  key.fill(0);
  return { userId: member.userId, login: member.login, publicKey: member.publicKey, privateKey: member.privateKey, sealed: { ephemeral: b64(ephPub), ...box } };
}

/** The database key sealed in this slot, or null when this private key (or file generation) does not fit. */
export function unseal(vaultId: string, generation: number, slot: SealedSlot, privateKey: crypto.KeyObject): Buffer | null {
  try {
    const ephPub = unb64(slot.sealed.ephemeral);
    const shared = crypto.diffieHellman({ privateKey, publicKey: crypto.createPublicKey({ key: ephPub, format: 'der', type: 'spki' }) });
    const info = aadSealed(vaultId, generation, slot.userId, slot.publicKey);
    const key = hkdf(shared, Buffer.concat([ephPub, unb64(slot.publicKey)]), info);
    shared.fill(0);
    const dbKey = open(key, slot.sealed, info);
    key.fill(0);
    return dbKey?.length === 32 ? dbKey : null;
  } catch {
    return null;
  }
}

// ---- the file ----

export function readSlotFile(file: string): KeySlotFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'vault.missingKeySlots' : 'vault.badKeySlots';
    throw new AppError(code, 'The vault\'s key file is missing or unreadable.');
  }
  const f = parsed as Partial<Omit<KeySlotFileV2, 'version'>> & { version?: number };
  const known = f.format === 'litdesk-keyslots' && Array.isArray(f.slots) && typeof f.vaultId === 'string' &&
    (f.version === 1 || (f.version === 2 && Number.isSafeInteger(f.generation) && Array.isArray(f.legacy) && typeof f.throttleKey === 'string'));
  // A key file of a later format was written by a newer release: say so as a newer schema is said (issue 11 §1).
  if (!known && f.format === 'litdesk-keyslots' && typeof f.version === 'number' && f.version > 2) {
    throw new AppError('vault.tooNew',
      'This vault was last used by a newer release of LitDesk. Install that release or a later one to open it. Nothing was changed.',
      { keyFileVersion: f.version });
  }
  if (!known) throw new AppError('vault.badKeySlots', 'The vault\'s key file is not in a format LitDesk knows.');
  return f as KeySlotFile;
}

export function readSlotFileIfPresent(file: string): KeySlotFile | null {
  return fs.existsSync(file) ? readSlotFile(file) : null;
}

export function writeSlotFile(file: string, slots: KeySlotFile): void {
  writeFileAtomic(file, `${JSON.stringify(slots, null, 2)}\n`);
}
