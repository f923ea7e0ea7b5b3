// The audit chain head as it leaves the vault on every issued document (DESIGN §3): a sequence number and a SHA-256.
// People read and type the short form; the QR code carries the full hash. scripts/verify-audit-export.mjs accepts
// both (`--expect-head SEQ:HASH`).

export type Head = { seq: number; hash: string };

/** Hex digits of the short form: 64 bits, far beyond what anyone could forge a matching re-hashed chain for. */
export const SHORT_HEAD_DIGITS = 16;

export const shortHead = (h: Head): string => `#${h.seq} ${h.hash.slice(0, SHORT_HEAD_DIGITS)}`;

/** The line every document prints next to its QR code. */
export const headLine = (h: Head): string => `Audit chain head ${shortHead(h)}`;

/** What the QR code holds: a prefix that says what it is, then SEQ:HASH as the verifier takes it. */
export const headQrText = (h: Head): string => `litdesk-head:${h.seq}:${h.hash}`;

/** Reads a head as printed, typed or scanned ("#12 3f9a…", "12:3f9a…", "litdesk-head:12:…"); null if it is not one. */
export function parseHead(text: string): Head | null {
  const m = /^(?:litdesk-head:)?#?(\d{1,12})[:\s]+([0-9a-fA-F]{16,64})$/.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2]!.toLowerCase() } : null;
}

/** Whether a (full) hash is the one a printed head names, by its full form or its short form. */
export const headMatches = (printed: Head, seq: number, hash: string): boolean =>
  printed.seq === seq && printed.hash.length >= SHORT_HEAD_DIGITS && hash.startsWith(printed.hash);
