import type { MemberView, membersCommands } from '../../shared/api/commands/members.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { Handler } from '../core/context.ts';
import { memberRow } from './queries.ts';
import { memberView } from './view.ts';
import { prepareMember } from './record.ts';
import { MemberWriter } from './writer.ts';
import { refuseWhileProducing } from './jobs.ts';

/**
 * A staff correction of a member's address or standing. The previous values go to member_history; the audit entry
 * names the member ID and the fields, never the values.
 */
export const correctMember: Handler<(typeof membersCommands)['members.correct']> = (ctx, input): MemberView => {
  const db = ctx.db;
  refuseWhileProducing(db);
  const row = memberRow(db, input.id);
  if (!row) throw new AppError('members.notFound', 'No member with that number.');
  const address = input.address ?? { address1: row.address1, address2: row.address2, city: row.city, state: row.state, zip: row.zip };
  const prepared = prepareMember({
    memberId: row.member_id, firstName: row.first_name, lastName: row.last_name, fullName: row.full_name,
    ...address, email: row.email ?? '', local: row.local ?? '', worksite: row.worksite ?? '', shift: row.shift ?? '',
    status: row.status_raw ?? '', segments: JSON.parse(row.segments) as Record<string, string>,
    // A corrected address is a different delivery point: the list's one no longer applies (the next list brings it).
    ...(input.address ? {} : row.delivery_point ? { deliveryPoint: row.delivery_point } : {}),
  });
  if (!prepared.ok && prepared.fit) {
    throw new AppError('members.addressDoesNotFit', 'This address does not fit the envelope window at 8 pt: shorten a line.', {
      why: prepared.fit.code === 'row.addressTooTall' ? 'tooManyLines' : 'lineTooLong', field: prepared.fit.field ?? '',
    });
  }
  if (!prepared.ok) {
    throw new AppError('members.badAddress', 'This address cannot be used for mail.', { problems: prepared.problems.map((p) => p.code) });
  }
  const m = prepared.member;
  if (input.address) {
    // Stored as the normaliser read it: the two-letter state and a five- or nine-digit ZIP, like an import's.
    const last = m.printLastLine.split(' ');
    m.state = last.at(-2) ?? m.state;
    m.zip = m.zip4 ? `${m.zip5}-${m.zip4}` : m.zip5;
  }
  const good = input.goodStanding ?? row.good_standing === 1;
  const writer = new MemberWriter(db, { now: ctx.now(), source: 'correction', actorId: ctx.user.id, reason: input.reason });
  const outcome = writer.write(m, good, row, true);
  ctx.audit({ action: 'members.correct', target: `member:${row.member_id}`, details: { fields: outcome.fields } });
  return memberView(db, memberRow(db, row.id)!);
};
