import type { foundationCommands } from '../../shared/api/commands/foundation.ts';
import type { Handlers } from '../core/context.ts';
import { listAudit } from './log.ts';
import { checkWitness, verifyTrail, witnessFile } from './witness.ts';

type C = typeof foundationCommands;

export const auditHandlers: Pick<Handlers<C>, 'audit.list' | 'audit.verify'> = {
  'audit.list': ({ db }, input) => listAudit(db, input),
  'audit.verify': (ctx, input) => {
    const file = input.witnessFolder === undefined ? null : witnessFile(ctx.backend.grants.requireFolder(input.witnessFolder, 'witness'), ctx.vault.vaultId);
    const verdict = file === null ? { ...verifyTrail(ctx.db), witness: null } : checkWitness(ctx.db, file, ctx.now(), ctx.user.login);
    // Recorded after the check, so the verdict is about the chain as it was when asked.
    ctx.audit({ action: 'audit.verify', details: {
      ok: verdict.ok, entries: verdict.entries, head: verdict.head, firstBroken: verdict.firstBroken, anchors: verdict.anchors ?? 0,
      witness: verdict.witness ? { heads: verdict.witness.heads, appended: verdict.witness.appended } : null,
    } });
    return verdict;
  },
};
