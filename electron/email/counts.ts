import type { EmailSendCounts } from '../../shared/api/commands/reports.ts';
import type { DB } from '../vault/database.ts';

// What the spend and equal-treatment reports say about email (issue 17 item 4): counts from each request's send job,
// never an address. Members only: the committee's seed addresses are counted apart, as seeds.

type Row = {
  request_id: number; status: string; members: number; suppressed: number | null; no_address: number | null;
  sent: number; bounced: number; failed: number; uncertain: number; pending: number; seeds_sent: number;
};

/** Email counts of every email request of an election that has a send job, by request id. */
export function emailCountsByRequest(db: DB, electionId: number): Map<number, EmailSendCounts> {
  const rows = db.prepare(`SELECT j.request_id, j.status, j.members, j.suppressed, j.no_address,
      count(*) FILTER (WHERE x.member_row IS NOT NULL AND x.state = 'sent') AS sent,
      count(*) FILTER (WHERE x.member_row IS NOT NULL AND x.state = 'failed' AND x.error_code = 'email.recipientRefused') AS bounced,
      count(*) FILTER (WHERE x.member_row IS NOT NULL AND x.state = 'failed' AND coalesce(x.error_code, '') <> 'email.recipientRefused') AS failed,
      count(*) FILTER (WHERE x.member_row IS NOT NULL AND x.state IN ('uncertain', 'sending')) AS uncertain,
      count(*) FILTER (WHERE x.member_row IS NOT NULL AND x.state = 'pending') AS pending,
      count(*) FILTER (WHERE x.seed_id IS NOT NULL AND x.state = 'sent') AS seeds_sent
    FROM email_jobs j JOIN requests r ON r.id = j.request_id LEFT JOIN email_recipients x ON x.job_id = j.id
    WHERE r.election_id = ? GROUP BY j.id ORDER BY j.request_id`).all(electionId) as Row[];
  return new Map(rows.map((r) => [r.request_id, {
    jobStatus: r.status, members: r.members, sent: r.sent, suppressed: r.suppressed, noAddress: r.no_address,
    bounced: r.bounced, failed: r.failed, uncertain: r.uncertain, pending: r.pending, seedsSent: r.seeds_sent,
  }]));
}

/** The same counts summed per candidate (a candidate's email requests of the election). */
export function emailCountsByCandidate(db: DB, electionId: number): Map<number, { requests: number; sent: number; suppressed: number; bounced: number }> {
  const byRequest = emailCountsByRequest(db, electionId);
  const owner = db.prepare("SELECT id, candidate_id FROM requests WHERE election_id = ? AND channel = 'email' AND status <> 'withdrawn'")
    .all(electionId) as { id: number; candidate_id: number }[];
  const out = new Map<number, { requests: number; sent: number; suppressed: number; bounced: number }>();
  for (const r of owner) {
    const c = out.get(r.candidate_id) ?? { requests: 0, sent: 0, suppressed: 0, bounced: 0 };
    const n = byRequest.get(r.id);
    c.requests++;
    if (n) { c.sent += n.sent; c.suppressed += n.suppressed ?? 0; c.bounced += n.bounced; }
    out.set(r.candidate_id, c);
  }
  return out;
}
