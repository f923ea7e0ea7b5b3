import type { DB } from '../database.ts';

/**
 * One schema step. `id` is unique and never changes once released; the order of the list in `index.ts` is the order
 * steps run in, and that list is append-only (issue 11: a step inserted into a numbered range after a higher number
 * had shipped was never applied to vaults made before it).
 */
export type Migration = { id: string; name: string; up: (db: DB) => void };
