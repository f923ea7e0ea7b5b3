import type { DB } from '../database.ts';

/** One schema step. Versions are global and unique; each domain owns a range (foundation 1-99, members 100-199,
 * elections/requests 200-299, merge 300-399, billing 400-499, reports/retention 500-599). */
export type Migration = { version: number; name: string; up: (db: DB) => void };
