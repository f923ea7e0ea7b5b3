import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';

// Delivery to the mail house (issue 13 §4): a batch leaves the vault only encrypted to the mail house's OpenPGP key.
// The clear PDF exists only in the worker's memory; what reaches the disk is the OpenPGP message (binary, the form
// `gpg --decrypt` reads). OpenPGP output is randomised (session key, nonce), so the delivered bytes differ run to run;
// the clear PDF's SHA-256 is what proves two runs printed the same batch.

const keys = new Map<string, Promise<openpgp.PublicKey>>();

/** Parses an armored public key once per worker. */
export function recipientKey(armored: string): Promise<openpgp.PublicKey> {
  let k = keys.get(armored);
  if (!k) {
    k = openpgp.readKey({ armoredKey: armored });
    keys.set(armored, k);
  }
  return k;
}

/** Encrypts `pdf` to the recipient; the result and its SHA-256. */
export async function sealPdf(pdf: Uint8Array, armoredKey: string): Promise<{ bytes: Uint8Array; sha256: string }> {
  const key = await recipientKey(armoredKey);
  const message = await openpgp.createMessage({ binary: pdf, format: 'binary' });
  const bytes = await openpgp.encrypt({ message, encryptionKeys: key, format: 'binary', config: { preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed } });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
