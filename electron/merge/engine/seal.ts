import { createHash } from 'node:crypto';
import type * as OpenPgp from 'openpgp';

// Delivery to the mail house (issue 13 §4): a batch leaves the vault only encrypted to the mail house's OpenPGP key.
// The clear PDF exists only in the worker's memory; what reaches the disk is the OpenPGP message (binary, the form
// `gpg --decrypt` reads). OpenPGP output is randomised (session key, nonce), so the delivered bytes differ run to run;
// the clear PDF's SHA-256 is what proves two runs printed the same batch.

// openpgp is loaded on the first sealed batch, not with the worker: it is some 40 ms of CPU to load (measured),
// which every unsealed run (calibration, proofs, the merge benchmark) paid for nothing.
let library: Promise<typeof OpenPgp> | null = null;
const load = (): Promise<typeof OpenPgp> => (library ??= import('openpgp'));

const keys = new Map<string, Promise<OpenPgp.PublicKey>>();

/** Parses an armored public key once per worker. */
export function recipientKey(armored: string): Promise<OpenPgp.PublicKey> {
  let k = keys.get(armored);
  if (!k) {
    k = load().then((openpgp) => openpgp.readKey({ armoredKey: armored }));
    keys.set(armored, k);
  }
  return k;
}

/** Encrypts `pdf` to the recipient; the result and its SHA-256. */
export async function sealPdf(pdf: Uint8Array, armoredKey: string): Promise<{ bytes: Uint8Array; sha256: string }> {
  const openpgp = await load();
  const key = await recipientKey(armoredKey);
  const message = await openpgp.createMessage({ binary: pdf, format: 'binary' });
  const bytes = await openpgp.encrypt({ message, encryptionKeys: key, format: 'binary', config: { preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed } });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
