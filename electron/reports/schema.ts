import type { Migration } from '../vault/migrations/types.ts';

// Schema of the reports domain, one migration per step (versions in this domain's range, see migrations/types.ts).
export const reportsMigrations: Migration[] = [];
