import type { Channel, PrintSettings, RequestStatus } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { Audience } from '../../shared/domain/audience.ts';
import type { DB } from '../vault/database.ts';
import { electionPrintSettings } from './elections-store.ts';

export { electionPrintSettings };

export type ProductionRequest = {
  requestId: number; electionId: number; candidateId: number; status: RequestStatus;
  audience: Audience; channel: Channel; audienceCount: number | null; quoteCents: number | null; rateCardVersion: number | null;
  literature: { bytes: Uint8Array; sha256: string; pages: number };
  print: PrintSettings;
};

/**
 * What the merge engine needs to produce a request: its audience, the cleaned literature bytes (stored in the vault at
 * intake) and the election's print settings. The merge checks `status === 'released'` before producing.
 */
export function requestForProduction(db: DB, requestId: number): ProductionRequest {
  const r = db.prepare(`SELECT r.id, r.election_id, r.candidate_id, r.status, r.audience, r.channel, r.audience_count, r.quote_cents,
      r.rate_card_version, l.bytes, l.sha256, l.pages
    FROM requests r JOIN literature l ON l.id = r.literature_id WHERE r.id=?`).get(requestId) as {
      id: number; election_id: number; candidate_id: number; status: RequestStatus; audience: string; channel: Channel;
      audience_count: number | null; quote_cents: number | null; rate_card_version: number | null; bytes: Buffer; sha256: string; pages: number;
    } | undefined;
  if (!r) throw new AppError('requests.notFound', 'Not found.');
  return {
    requestId: r.id, electionId: r.election_id, candidateId: r.candidate_id, status: r.status, audience: JSON.parse(r.audience) as Audience,
    channel: r.channel, audienceCount: r.audience_count, quoteCents: r.quote_cents, rateCardVersion: r.rate_card_version,
    literature: { bytes: new Uint8Array(r.bytes), sha256: r.sha256, pages: r.pages },
    print: electionPrintSettings(db, r.election_id),
  };
}
