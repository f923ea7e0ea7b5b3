import * as openpgp from 'openpgp';
import type { MailHouse, MailHouseKeyCheck } from '../../shared/api/commands/merge.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { HandlerContext } from '../core/context.ts';
import type { DB } from '../vault/database.ts';

// Mail houses (issue 13 §4): a name and the OpenPGP public key their batches are encrypted to. The chair adds one
// after comparing the key's fingerprint with the one the mail house gave by another channel (phone, letter): the
// fingerprint the chair confirmed travels with the request and must be the key's. Keys are checked against the real
// clock, not the committee's: whether a key can still encrypt is a fact about the key.

type Row = {
  id: number; name: string; public_key: string; fingerprint: string; key_description: string; key_expires_at: string | null;
  active: number; added_at: string; removed_at: string | null;
};

const toView = (r: Row): MailHouse => ({
  id: r.id, name: r.name, fingerprint: r.fingerprint, keyDescription: r.key_description, keyExpiresAt: r.key_expires_at,
  active: r.active === 1, addedAt: r.added_at, removedAt: r.removed_at,
});

export const normaliseFingerprint = (f: string): string => f.replace(/[\s:]/g, '').toUpperCase();

/** Groups of four, as gpg prints it: the form the chair reads aloud with the mail house. */
export const spacedFingerprint = (f: string): string => normaliseFingerprint(f).replace(/(.{4})(?!$)/g, '$1 ');

/** Reads a public key and says whether it can receive batches now; refuses private, unusable and expired keys. */
export async function checkKey(armored: string): Promise<MailHouseKeyCheck & { publicKey: string }> {
  let key: openpgp.Key;
  try {
    key = await openpgp.readKey({ armoredKey: armored });
  } catch {
    throw new AppError('mailHouses.badKey', 'This is not an OpenPGP public key LitDesk can read. Paste the whole armored key block.');
  }
  if (key.isPrivate()) {
    throw new AppError('mailHouses.privateKey', 'This is a private key. Ask the mail house for its public key; never accept their private key.');
  }
  const now = new Date();
  const expires = await key.getExpirationTime();
  if (expires instanceof Date && expires.getTime() <= now.getTime()) {
    throw new AppError('mailHouses.keyExpired', 'This key has expired. Ask the mail house for a current key.', { expiredAt: expires.toISOString() });
  }
  try {
    await key.getEncryptionKey(undefined, now);
  } catch {
    throw new AppError('mailHouses.cannotEncrypt', 'This key cannot be used to encrypt (revoked, expired or signing-only). Ask the mail house for an encryption key.');
  }
  const info = key.getAlgorithmInfo();
  return {
    fingerprint: spacedFingerprint(key.getFingerprint()),
    userIds: key.getUserIDs(),
    algorithm: [info.algorithm, 'curve' in info && info.curve ? info.curve : null, 'bits' in info && info.bits ? `${info.bits} bits` : null].filter(Boolean).join(' '),
    expiresAt: expires instanceof Date ? expires.toISOString() : null,
    publicKey: key.toPublic().armor(),
  };
}

export function listMailHouses(db: DB, includeRemoved: boolean): MailHouse[] {
  return (db.prepare(`SELECT * FROM mail_houses ${includeRemoved ? '' : 'WHERE active = 1'} ORDER BY name, id`).all() as Row[]).map(toView);
}

export async function addMailHouse(ctx: HandlerContext, input: { name: string; publicKey: string; fingerprint: string }): Promise<MailHouse> {
  const checked = await checkKey(input.publicKey);
  if (normaliseFingerprint(input.fingerprint) !== normaliseFingerprint(checked.fingerprint)) {
    throw new AppError('mailHouses.fingerprintMismatch', 'The fingerprint confirmed is not this key\'s. Check the key with the mail house again.');
  }
  const description = `${checked.userIds.join(', ')} (${checked.algorithm})`.slice(0, 500);
  const id = Number(ctx.db.prepare(`INSERT INTO mail_houses (name, public_key, fingerprint, key_description, key_expires_at, added_at, added_by)
      VALUES (?,?,?,?,?,?,?)`).run(input.name, checked.publicKey, normaliseFingerprint(checked.fingerprint), description, checked.expiresAt,
    ctx.now().toISOString(), ctx.user.id).lastInsertRowid);
  ctx.audit({ action: 'mailHouses.add', target: `mailHouse:${id}`, details: { name: input.name, fingerprint: normaliseFingerprint(checked.fingerprint) } });
  return mailHouse(ctx.db, id);
}

export function removeMailHouse(ctx: HandlerContext, id: number): MailHouse {
  const m = mailHouse(ctx.db, id);
  if (!m.active) throw new AppError('mailHouses.notFound', 'That mail house does not exist.');
  ctx.db.prepare('UPDATE mail_houses SET active = 0, removed_at = ?, removed_by = ? WHERE id = ?').run(ctx.now().toISOString(), ctx.user.id, id);
  ctx.audit({ action: 'mailHouses.remove', target: `mailHouse:${id}`, details: { name: m.name, fingerprint: m.fingerprint } });
  return mailHouse(ctx.db, id);
}

export function mailHouse(db: DB, id: number): MailHouse {
  const r = db.prepare('SELECT * FROM mail_houses WHERE id = ?').get(id) as Row | undefined;
  if (!r) throw new AppError('mailHouses.notFound', 'That mail house does not exist.');
  return toView(r);
}

/** The armored key a job's batches are sealed to. */
export function mailHouseKey(db: DB, id: number): string {
  const r = db.prepare('SELECT public_key FROM mail_houses WHERE id = ?').get(id) as { public_key: string } | undefined;
  if (!r) throw new AppError('mailHouses.notFound', 'That mail house does not exist.');
  return r.public_key;
}

/** A job may start (or a legacy job resume) only to an active mail house whose key can still encrypt. */
export async function requireDeliverable(db: DB, id: number): Promise<MailHouse> {
  const m = mailHouse(db, id);
  if (!m.active) throw new AppError('mailHouses.notFound', 'That mail house does not exist.');
  await checkKey(mailHouseKey(db, id));
  return m;
}
