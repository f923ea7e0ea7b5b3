import type { SeedAddress } from '../../shared/api/commands/merge.ts';
import { AppError } from '../../shared/api/errors.ts';
import { addressBlockLines } from '../../shared/domain/address/block.ts';
import { normaliseAddress } from '../../shared/domain/address/pub28.ts';
import type { HandlerContext } from '../core/context.ts';
import { linesFit } from './print-fit.ts';
import { seedKey } from './seed-key.ts';
import { getSeed } from './store.ts';

export type SeedInput = { label: string; line1: string; line2?: string | undefined; city: string; state: string; zip: string };

/** A committee-controlled address, printed like a member's (Publication 28). Refusals name the address problem only. */
export function addSeed(ctx: HandlerContext, input: SeedInput): SeedAddress {
  const r = normaliseAddress({ line1: input.line1, ...(input.line2 ? { line2: input.line2 } : {}), city: input.city, state: input.state, zip: input.zip });
  if (!r.ok) throw new AppError('merge.seedAddress', 'That address cannot be used.', { problems: r.problems.map((p) => p.code).join(', ') });
  const block = addressBlockLines(input.label, r.address);
  const fit = linesFit(block.lines);
  if (fit) throw new AppError('merge.seedAddress', 'That address cannot be used.', { problems: fit.why === 'tall' ? 'row.addressTooTall' : 'row.addressTooWide' });
  const id = Number(ctx.db.prepare(`INSERT INTO seed_addresses (label, lines, zip5, zip4, added_at, added_by) VALUES (?,?,?,?,?,?)`)
    .run(input.label, JSON.stringify(block.lines), r.address.zip5, r.address.zip4 ?? null, ctx.now().toISOString(), ctx.user.id).lastInsertRowid);
  // The placing secret is made with the first seed, so every later copy of the vault (a backup, a test) plans the
  // same job the same way, and resume gives the same bytes.
  seedKey(ctx.db);
  // Seeds are the committee's own decoys, not members: the audit keeps their id only.
  ctx.audit({ action: 'merge.seedAdd', target: `seed:${id}`, details: { seedId: id } });
  return getSeed(ctx.db, id);
}

/** Retires a seed: later jobs stop using it; jobs that carried it keep the record (never deleted). */
export function removeSeed(ctx: HandlerContext, seedId: number): SeedAddress {
  const s = getSeed(ctx.db, seedId);
  if (!s.active) return s;
  ctx.db.prepare('UPDATE seed_addresses SET active = 0, removed_at = ?, removed_by = ? WHERE id = ?').run(ctx.now().toISOString(), ctx.user.id, seedId);
  ctx.audit({ action: 'merge.seedRemove', target: `seed:${seedId}`, details: { seedId } });
  return getSeed(ctx.db, seedId);
}
