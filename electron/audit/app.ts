import type { foundationCommands } from '../../shared/api/commands/foundation.ts';
import type { Handlers } from '../core/context.ts';
import { listAudit, verifyAudit } from './log.ts';

type C = typeof foundationCommands;

export const auditHandlers: Pick<Handlers<C>, 'audit.list' | 'audit.verify'> = {
  'audit.list': ({ db }, input) => listAudit(db, input),
  'audit.verify': (ctx) => {
    const verdict = verifyAudit(ctx.db);
    // Recorded after the check, so the verdict is about the chain as it was when asked.
    ctx.audit({ action: 'audit.verify', details: { ok: verdict.ok, entries: verdict.entries, head: verdict.head, firstBroken: verdict.firstBroken } });
    return verdict;
  },
};
