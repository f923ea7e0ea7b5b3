import { createHash } from 'node:crypto';
import type { EmailProofView } from '../../shared/api/commands/email.ts';
import { AppError } from '../../shared/api/errors.ts';
import { candidateHtml, emailHtml } from '../../shared/domain/email-html.ts';
import type { DB } from '../vault/database.ts';
import { loadServer } from './transport.ts';

// The proof of an email request (issue 17 item 1): the message exactly as it will be sent, which the candidate signs
// off as they sign off a print proof. The sign-off stores the SHA-256 of what the candidate signed: the subject, the
// plain-text body, the format, and the attachment's bytes (attachment) or the HTML rendering of the text (html). The
// send recomputes it from the vault and refuses on any difference, so a message changed after sign-off (by anyone,
// even with SQL and the key) is never sent under the candidate's name. The committee's footer is the same for every
// candidate and is shown on the proof, but it is not part of the hash: the chair may correct the unsubscribe address
// without every candidate signing again.

type Row = { subject: string; body: string; format: 'attachment' | 'html'; candidate: string; fileName: string; bytes: Buffer; proof: string | null };

const readRow = (db: DB, requestId: number): Row | undefined =>
  db.prepare(`SELECT em.subject, em.body, em.format, c.full_name AS candidate, l.file_name AS fileName, l.bytes, r.proof_sha256 AS proof
    FROM requests r JOIN email_messages em ON em.request_id = r.id JOIN candidates c ON c.id = r.candidate_id
    JOIN literature l ON l.id = r.literature_id WHERE r.id = ?`).get(requestId) as Row | undefined;

const sha256 = (b: string | Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The footer every message carries: who paid, on what terms, how to stop all campaign email. */
export function footerFor(db: DB, candidateName: string, unsubscribeAddress: string): string {
  const union = (db.prepare("SELECT value FROM settings WHERE key = 'union_name'").pluck().get() as string | undefined) ?? 'the union';
  return [
    '-- ',
    `Paid for by ${candidateName}. The ${union} election committee sends every candidate's campaign email on the same`,
    'terms, at the candidate\'s own expense; the union does not endorse any candidate and does not share your address.',
    `To stop campaign email from all candidates, write to ${unsubscribeAddress} with the word "unsubscribe".`,
  ].join('\n');
}

/** What is sent, built from the vault: the one source for the proof, the sign-off and every message of the job. */
export type EmailContent = {
  subject: string; body: string; format: 'attachment' | 'html'; candidate: string; footer: string;
  /** The text/plain part: body, then the footer. */
  text: string;
  /** The text/html part (html format only). */
  html: string | null;
  attachment: { fileName: string; bytes: Buffer } | null;
  /** SHA-256 over what the candidate signs off. */
  sha256: string;
  /** The hash stored at sign-off, or null before it. */
  signedOffSha256: string | null;
};

export function emailContent(db: DB, requestId: number): EmailContent | null {
  const m = readRow(db, requestId);
  if (!m) return null;
  const server = loadServer(db);
  const footer = footerFor(db, m.candidate.normalize('NFC'), server?.unsubscribeAddress ?? '(the committee\'s unsubscribe address)');
  const body = m.body.replace(/\r\n?/g, '\n');
  const bytes = Buffer.from(m.bytes);
  const signed = {
    v: 1, subject: m.subject, body, format: m.format,
    attachment: m.format === 'attachment' ? { fileName: m.fileName, sha256: sha256(bytes) } : null,
    html: m.format === 'html' ? sha256(candidateHtml(body)) : null,
  };
  return {
    subject: m.subject, body, format: m.format, candidate: m.candidate, footer,
    text: `${body.trimEnd()}\n\n${footer}\n`,
    html: m.format === 'html' ? emailHtml(m.subject, body, footer) : null,
    attachment: m.format === 'attachment' ? { fileName: m.fileName, bytes } : null,
    sha256: sha256(JSON.stringify(signed)), signedOffSha256: m.proof,
  };
}

export function proofView(db: DB, requestId: number): EmailProofView {
  const c = emailContent(db, requestId);
  if (!c) throw new AppError('email.noMessage', 'The candidate has not written the message yet.');
  return {
    requestId, sha256: c.sha256, format: c.format, subject: c.subject, text: c.text, html: c.html,
    attachment: c.attachment ? { fileName: c.attachment.fileName, bytes: c.attachment.bytes.length, sha256: sha256(c.attachment.bytes) } : null,
    signedOff: c.signedOffSha256 === null ? null : { sha256: c.signedOffSha256, matches: c.signedOffSha256 === c.sha256 },
  };
}

/** Refuses to send a message that is not, byte for byte, the one the candidate signed off. */
export function requireSignedOffContent(db: DB, requestId: number): EmailContent {
  const c = emailContent(db, requestId);
  if (!c) throw new AppError('email.noMessage', 'The candidate has not written the message yet.');
  if (c.signedOffSha256 !== c.sha256) {
    throw new AppError('email.proofVoided', 'This message is not the one the candidate signed off (it changed after the sign-off), so nothing is sent. The candidate submits a new request.');
  }
  return c;
}
