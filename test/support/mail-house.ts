// The test mail house (issue 13 §4): an OpenPGP key pair made once per test process, registered through the
// chair's commands, and the ONE helper merge tests use to read a delivered batch: `decryptBatch` gives the clear
// PDF bytes, `clearCopy` writes them into CLEAR_DIR (a folder only tests write, which scans exclude) for poppler/qpdf.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import type { LitDeskApi } from '../../shared/api/client.ts';
import { tempDir } from './backend.ts';

export const MAIL_HOUSE_NAME = 'Bay Mailing Co';
/** Decrypted copies of delivered batches, for poppler and qpdf; scans for clear PDFs skip this folder. */
export const CLEAR_DIR = tempDir('litdesk-test-clear-');

let pair: Promise<{ publicKey: string; privateKey: string }> | null = null;

export function testMailHouseKeys(): Promise<{ publicKey: string; privateKey: string }> {
  pair ??= openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: MAIL_HOUSE_NAME, email: 'print@bay-mailing.example' }], format: 'armored' })
    .then((k) => ({ publicKey: k.publicKey, privateKey: k.privateKey }));
  return pair;
}

/** Adds the test mail house as the chair would: check the key, confirm its fingerprint, add. Returns its id. */
export async function addTestMailHouse(chair: LitDeskApi, publicKey?: string): Promise<number> {
  const key = publicKey ?? (await testMailHouseKeys()).publicKey;
  const check = await chair.call('mailHouses.checkKey', { publicKey: key });
  return (await chair.call('mailHouses.add', { name: MAIL_HOUSE_NAME, publicKey: key, fingerprint: check.fingerprint })).id;
}

/** The clear PDF inside a delivered batch, decrypted with the test mail house's private key. */
export async function decryptBatch(file: string): Promise<Buffer> {
  return decryptBatchWith(file, (await testMailHouseKeys()).privateKey);
}

/** The same with another private key (armored): anyone but the mail house must fail to open a batch. */
export async function decryptBatchWith(file: string, privateKey: string): Promise<Buffer> {
  const decryptionKeys = await openpgp.readPrivateKey({ armoredKey: privateKey });
  const message = await openpgp.readMessage({ binaryMessage: fs.readFileSync(file) });
  const { data } = await openpgp.decrypt({ message, decryptionKeys, format: 'binary' });
  return Buffer.from(data as Uint8Array);
}

/** Writes the clear PDF of a delivered batch into CLEAR_DIR and returns its path (for pdfinfo, pdftotext, qpdf). */
export async function clearCopy(file: string): Promise<string> {
  const out = path.join(CLEAR_DIR, `${path.basename(path.dirname(file))}-${path.basename(file).replace(/\.gpg$/, '')}`);
  fs.writeFileSync(out, await decryptBatch(file));
  return out;
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
