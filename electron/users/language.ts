import { isLanguage, type Language } from '../../shared/i18n/language.ts';
import type { Reader } from '../../shared/i18n/documents.ts';
import type { DB } from '../vault/database.ts';
import { committeeZone } from './calendar.ts';

/** A user's language ('en' for a user who never chose one, or a vault from before the column existed). */
export function userLanguage(db: DB, userId: number): Language {
  const r = db.prepare('SELECT language FROM users WHERE id = ?').get(userId) as { language?: string } | undefined;
  return isLanguage(r?.language) ? r.language : 'en';
}

/**
 * The language a candidate reads documents in: that of the candidate's own sign-in (the latest active one), else
 * English. A receipt or notice is addressed to the candidate, whoever prints it.
 */
export function candidateLanguage(db: DB, candidateId: number): Language {
  const r = db.prepare("SELECT language FROM users WHERE role = 'candidate' AND candidate_id = ? ORDER BY active DESC, id DESC LIMIT 1")
    .get(candidateId) as { language?: string } | undefined;
  return isLanguage(r?.language) ? r.language : 'en';
}

/**
 * Who reads a document: a language asked for explicitly, else the recipient's (a candidate's document), else the
 * requesting user's (a report); dates always on the committee's calendar.
 */
export function readerFor(db: DB, o: { asked?: Language | undefined; candidateId?: number | null; userId: number }): Reader {
  const lang = o.asked ?? (o.candidateId != null ? candidateLanguage(db, o.candidateId) : userLanguage(db, o.userId));
  return { lang, tz: committeeZone(db) };
}
