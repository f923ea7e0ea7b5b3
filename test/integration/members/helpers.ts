import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import type { ColumnMappingInput, ImportValidation } from '../../../shared/api/commands/members.ts';
import type { Backend } from '../../../electron/core/backend.ts';
import type { DB } from '../../../electron/vault/database.ts';
import { SYNTHETIC_STANDING, OFFICE_HEADER, searchEntries } from '../../support/members.ts';
import { setUpVault, tempDir } from '../../support/backend.ts';

/** A vault with a cheap key derivation: these tests are about members, not passphrases. */
export const membersVault = () => setUpVault({ kdf: { N: 2 ** 12, r: 8, p: 1 } });

/** The office format's custom segment column, chosen by the committee. */
export const CLASSIFICATION: ColumnMappingInput['segments'] = { classification: OFFICE_HEADER.indexOf('Classification') };

export function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(tempDir('litdesk-members-'), name);
  fs.writeFileSync(file, content);
  return file;
}

/** The file as a user would pick it (the shell grants picked paths to the core). */
export function grant(backend: Backend, file: string): string {
  backend.grants.grantFile(file, 'memberList');
  return file;
}

export type ImportOpts = { mapping?: ColumnMappingInput; skipInvalid?: boolean; standing?: Record<string, boolean> };

/** preview -> validate -> standing map -> commit, as the wizard does. */
export async function importList(client: LitDeskApi, backend: Backend, file: string, opts: ImportOpts = {}) {
  grant(backend, file);
  const preview = await client.call('members.importPreview', { path: file });
  const mapping = opts.mapping ?? { ...preview.mapping, segments: CLASSIFICATION };
  const validation = await client.call('members.importValidate', { path: file, mapping });
  const standing = opts.standing ?? SYNTHETIC_STANDING;
  const values = validation.statuses.map((s) => ({ status: s.value, good: standing[s.value] ?? true }));
  if (values.length > 0) await client.call('members.standingMap', { values });
  const outcome = await client.call('members.importCommit', { token: validation.token, skipInvalid: opts.skipInvalid ?? false });
  return { preview, validation, outcome };
}

/** SHA-256 over every member row and its derived rows, in id order: "the store is unchanged". */
export function memberTableHash(db: DB): string {
  const h = crypto.createHash('sha256');
  for (const table of ['members ORDER BY id', 'member_segments ORDER BY member_row, name', 'member_search',
    'member_history ORDER BY id', 'member_imports ORDER BY id', 'member_standing_map ORDER BY status']) {
    const rows = table === 'member_search' ? searchEntries(db).map((e) => [e.word, e.member_row]) : db.prepare(`SELECT * FROM ${table}`).raw().iterate();
    for (const row of rows) h.update(JSON.stringify(row));
    h.update('|');
  }
  return h.digest('hex');
}

/** The list as stored, without row ids and timestamps: what a member list "is", for comparing two stores. */
export function listContent(db: DB, opts: { activeOnly?: boolean } = {}): string[] {
  return (db.prepare(
    `SELECT member_id, first_name, last_name, full_name, address1, address2, city, state, zip, email, local, worksite, shift,
            status_raw, good_standing, active, print_name, print_delivery, print_secondary, print_last_line, zip5, zip4, segments
     FROM members ${opts.activeOnly ? 'WHERE active = 1' : ''} ORDER BY member_id`,
  ).raw().all() as unknown[][]).map((r) => JSON.stringify(r));
}

export type { ImportValidation };
