// Records the law says must be kept (29 CFR 452.106) are protected in the schema itself: a trigger makes any UPDATE
// or DELETE fail, whatever code path tries it. Each domain names its own message so the refusal says what was hit.

export const noDelete = (table: string, message: string): string =>
  `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END;`;

export const noUpdate = (table: string, message: string): string =>
  `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END;`;

/** Both triggers: rows may be added, never changed or removed. */
export const appendOnly = (table: string, message: string): string => `${noUpdate(table, message)}\n${noDelete(table, message)}`;
