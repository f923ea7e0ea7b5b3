import { readFileSync, statSync } from 'node:fs';
import crypto from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { Migration } from '../vault/migrations/types.ts';
import { noDelete } from '../vault/migrations/guards.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { HandlerContext } from '../core/context.ts';
import { committeeDay } from '../users/calendar.ts';

// Only the candidate decides for the candidate (DESIGN §2): withdrawing a request and answering an offer of extra
// access are the candidate's own commands. When a candidate sends the decision in writing instead, a committee member
// records that letter: the letter (PDF) is kept, the decision is applied as the candidate's, and the candidate gets a
// notice saying who recorded it, so a letter the candidate never wrote does not go unnoticed.

export const instructionsTable: Migration = {
  id: 'candidate-instructions',
  name: 'elections: candidates\' written instructions recorded by the committee',
  up: (db) => db.exec(`
    CREATE TABLE candidate_instructions (
      id INTEGER PRIMARY KEY,
      candidate_id INTEGER NOT NULL REFERENCES candidates(id),
      kind TEXT NOT NULL CHECK (kind IN ('withdrawRequest', 'acceptOffer', 'declineOffer')),
      request_id INTEGER REFERENCES requests(id),
      offer_id INTEGER REFERENCES extra_access_offers(id),
      letter BLOB NOT NULL,
      letter_sha256 TEXT NOT NULL,
      dated TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      recorded_by INTEGER NOT NULL REFERENCES users(id),
      read_at TEXT,
      CHECK ((kind = 'withdrawRequest') = (request_id IS NOT NULL)),
      CHECK ((kind <> 'withdrawRequest') = (offer_id IS NOT NULL))
    ) STRICT;
    ${noDelete('candidate_instructions', 'written instructions of candidates are kept')}
    CREATE TRIGGER candidate_instructions_fixed BEFORE UPDATE OF candidate_id, kind, request_id, offer_id, letter, letter_sha256, dated,
      recorded_at, recorded_by ON candidate_instructions BEGIN SELECT RAISE(ABORT, 'a recorded instruction is never changed'); END;
  `),
};

const MAX_LETTER_BYTES = 5 * 1024 * 1024;

export type InstructionInput = {
  candidateId: number; dated: string; letterPath: string;
  instruction: { kind: 'withdrawRequest'; requestId: number } | { kind: 'acceptOffer' | 'declineOffer'; offerId: number };
};

/** The candidate's signed letter, as a PDF that opens: anything else is refused before anything changes. */
async function letterOf(ctx: HandlerContext, letterPath: string): Promise<Buffer> {
  const file = ctx.backend.grants.requireFile(letterPath, 'letter');
  let size: number;
  try { size = statSync(file).size; } catch { throw new AppError('instructions.letterUnreadable', 'The letter could not be read.'); }
  if (size > MAX_LETTER_BYTES) throw new AppError('instructions.letterTooLarge', 'The letter file is too large.', { max: MAX_LETTER_BYTES });
  const bytes = readFileSync(file);
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('instructions.letterNotPdf', 'Attach the candidate\'s letter as a PDF.');
  try { await PDFDocument.load(bytes, { updateMetadata: false }); } catch { throw new AppError('instructions.letterNotPdf', 'Attach the candidate\'s letter as a PDF.'); }
  return bytes;
}

/** Records a candidate's written decision and applies it as theirs. Returns the instruction's id. */
export async function recordInstruction(ctx: HandlerContext, input: InstructionInput): Promise<{ instructionId: number; candidateId: number }> {
  const db = ctx.db;
  if (!db.prepare('SELECT 1 FROM candidates WHERE id = ?').get(input.candidateId)) throw new AppError('candidates.notFound', 'Not found.');
  if (input.dated > committeeDay(db, ctx.now())) throw new AppError('instructions.datedInFuture', 'The letter cannot be dated in the future.', { dated: input.dated });
  const i = input.instruction;
  const at = ctx.now().toISOString();
  if (i.kind === 'withdrawRequest') {
    const r = db.prepare('SELECT candidate_id, status FROM requests WHERE id = ?').get(i.requestId) as { candidate_id: number; status: string } | undefined;
    // A request of another candidate answers exactly like one that does not exist.
    if (!r || r.candidate_id !== input.candidateId) throw new AppError('requests.notFound', 'Not found.');
    if (!['received', 'quoted', 'signedOff', 'authorised'].includes(r.status)) {
      throw new AppError('requests.wrongStatus', 'This request cannot be withdrawn now.', { status: r.status, action: 'withdrawn' });
    }
  } else {
    const o = db.prepare('SELECT candidate_id, response FROM extra_access_offers WHERE id = ?').get(i.offerId) as { candidate_id: number; response: string } | undefined;
    if (!o || o.candidate_id !== input.candidateId) throw new AppError('extraAccess.notFound', 'Not found.');
    if (o.response !== 'open') throw new AppError('extraAccess.alreadyAnswered', 'That offer has already been answered.');
  }
  const letter = await letterOf(ctx, input.letterPath);
  const sha = crypto.createHash('sha256').update(letter).digest('hex');
  const id = Number(db.prepare(`INSERT INTO candidate_instructions (candidate_id, kind, request_id, offer_id, letter, letter_sha256, dated, recorded_at, recorded_by)
    VALUES (?,?,?,?,?,?,?,?,?)`).run(input.candidateId, i.kind, i.kind === 'withdrawRequest' ? i.requestId : null, i.kind === 'withdrawRequest' ? null : i.offerId,
    letter, sha, input.dated, at, ctx.user.id).lastInsertRowid);
  if (i.kind === 'withdrawRequest') {
    db.prepare("UPDATE requests SET status='withdrawn', withdrawn_at=?, withdrawn_by=? WHERE id=?").run(at, ctx.user.id, i.requestId);
  } else {
    db.prepare('UPDATE extra_access_offers SET response=?, responded_at=? WHERE id=?').run(i.kind === 'acceptOffer' ? 'accepted' : 'declined', at, i.offerId);
  }
  ctx.audit({ action: 'candidates.instruction', target: `candidate:${input.candidateId}`, details: {
    instructionId: id, kind: i.kind, ...(i.kind === 'withdrawRequest' ? { requestId: i.requestId } : { offerId: i.offerId }),
    dated: input.dated, letterSha256: sha, askedBy: 'candidate, in writing',
  } });
  return { instructionId: id, candidateId: input.candidateId };
}

/** Who asked for a withdrawal: the candidate in their session, or the candidate's letter recorded by a member. */
export function withdrawalInstruction(db: HandlerContext['db'], requestId: number): { id: number; dated: string; recordedBy: number } | null {
  const r = db.prepare("SELECT id, dated, recorded_by FROM candidate_instructions WHERE request_id = ? AND kind = 'withdrawRequest'").get(requestId) as
    { id: number; dated: string; recorded_by: number } | undefined;
  return r ? { id: r.id, dated: r.dated, recordedBy: r.recorded_by } : null;
}
