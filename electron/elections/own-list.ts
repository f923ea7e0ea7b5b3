import type { OwnListResult } from '../../shared/api/commands/elections.ts';
import type { DB } from '../vault/database.ts';

/**
 * The candidate's own-list check during a 401(c) inspection: for each of THEIR entries, whether it matches a member
 * in good standing — nothing more (no corrected address, no member ID, no name back). An entry is a member ID alone,
 * or a name and a 5-digit ZIP separated by a comma, tab or semicolon ("Nguyễn Thị Hương, 95112").
 * Names match when their words agree regardless of order, case and diacritics ("huong nguyen thi" = "Nguyễn Thị Hương").
 */
export function foldName(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/giu, 'd').toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(/\s+/).filter(Boolean).sort().join(' ');
}

type Entry = { kind: 'id'; id: string } | { kind: 'nameZip'; name: string; zip5: string } | { kind: 'unreadable' };

export function parseEntry(line: string): Entry {
  const fields = line.split(/[,;\t]/).map((f) => f.trim()).filter(Boolean);
  if (fields.length === 1 && /^[\p{L}\p{N}-]{1,40}$/u.test(fields[0]!) && /\d/.test(fields[0]!)) return { kind: 'id', id: fields[0]! };
  const zipAt = fields.findIndex((f) => /^\d{5}(-\d{4})?$/.test(f));
  if (zipAt >= 0 && fields.length >= 2) {
    const name = fields.filter((_, i) => i !== zipAt).join(' ');
    if (foldName(name)) return { kind: 'nameZip', name: foldName(name), zip5: fields[zipAt]!.slice(0, 5) };
  }
  return { kind: 'unreadable' };
}

export function checkOwnList(db: DB, lines: string[]): OwnListResult {
  const byId = db.prepare('SELECT 1 FROM members WHERE member_id=? AND active=1 AND good_standing=1');
  const byZip = db.prepare('SELECT full_name FROM members WHERE zip5=? AND active=1 AND good_standing=1');
  const zipNames = new Map<string, Set<string>>();
  const namesIn = (zip5: string): Set<string> => {
    let set = zipNames.get(zip5);
    if (!set) {
      set = new Set((byZip.all(zip5) as { full_name: string }[]).map((r) => foldName(r.full_name)));
      zipNames.set(zip5, set);
    }
    return set;
  };
  const entries: OwnListResult['entries'] = [];
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    const e = parseEntry(text);
    const match = e.kind === 'id' ? byId.get(e.id) !== undefined : e.kind === 'nameZip' ? namesIn(e.zip5).has(e.name) : false;
    entries.push({ line: i + 1, text: text.trim().slice(0, 400), match });
  });
  return { total: entries.length, matched: entries.filter((e) => e.match).length, entries };
}
