import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../electron/audit/log.ts';
import { normaliseEmail } from '../../../shared/domain/email-address.ts';
import { parseMessage, startSmtp, type TestSmtp } from '../../support/smtp.ts';
import { addUserAndLogin } from '../../support/backend.ts';
import { computeQuote } from '../../../electron/elections/quote.ts';
import { BODY, buildEmailWorld, CANARY, EMAIL_CARD, openEmailCopy, SUBJECT, waitForEmailJob, type EmailWorld } from './world.ts';

// Issue 17 through the router and a real SMTP server on 127.0.0.1 (STARTTLS, a certificate the test trusts
// explicitly, AUTH). Played as the people who could get it wrong: a committee whose server setting is wrong, a list
// with unsubscribed and bounced members, and anyone looking for another member's address in what comes back.

let world: EmailWorld;
let smtp: TestSmtp;

beforeAll(async () => {
  world = await buildEmailWorld({ members: 120, seeds: 2 });
  smtp = await startSmtp();
}, 120_000);
afterAll(async () => { await smtp?.close(); });

describe('email distribution', () => {
  it('sends each member one message addressed to them alone, body and attachment intact; unsubscribed and bounced members get nothing; the canary only in its own message', async () => {
    smtp.messages.length = 0;
    const { backend, client } = await openEmailCopy(world, smtp);
    const db = backend.vault!.db;
    const emailable = db.prepare("SELECT id, email FROM members WHERE active = 1 AND good_standing = 1 AND email <> '' ORDER BY id").all() as { id: number; email: string }[];
    const [unsub, bounced] = [emailable[3]!, emailable[7]!];
    await client.call('email.suppress', { reason: 'unsubscribe', address: unsub.email.toUpperCase() });
    const counts = await client.call('email.suppress', { reason: 'hardBounce', memberRow: bounced.id });
    expect(counts).toEqual({ recorded: true, unsubscribes: 1, hardBounces: 1 });

    const { jobId } = await client.call('email.start', { requestId: world.requestId });
    const done = await waitForEmailJob(client, jobId);
    expect(done).toMatchObject({ status: 'done', members: emailable.length - 2, seeds: 2, failed: 0, uncertain: 0, pending: 0 });
    expect(done.sent).toBe(emailable.length);

    const expected = new Set([...emailable.filter((m) => m !== unsub && m !== bounced).map((m) => m.email), 'seed1@committee.test', 'seed2@committee.test']);
    expect(smtp.messages.length).toBe(expected.size);
    const seen = new Set<string>();
    for (const m of smtp.messages) {
      expect(m.to, 'one envelope recipient per message').toHaveLength(1);
      const to = m.to[0]!;
      expect(seen.has(to), `${to} got two messages`).toBe(false);
      seen.add(to);
      const p = parseMessage(m.raw);
      expect(p.headers.get('to')).toEqual([to]);
      expect(p.headers.has('cc') || p.headers.has('bcc')).toBe(false);
      expect(p.headers.get('list-unsubscribe')).toEqual(['<mailto:unsubscribe@union.test?subject=unsubscribe>']);
      expect(p.text.slice(0, 60)).toBe(BODY.slice(0, 60));
      expect(p.text).toContain(BODY.replace(/\n$/, ''));
      expect(p.text).toContain('Paid for by Nguyễn Thị Hương');
      expect(p.attachments).toHaveLength(1);
      expect(p.attachments[0]!.contentType).toBe('application/pdf');
      expect(p.attachments[0]!.bytes.equals(world.literature), 'attachment byte for byte').toBe(true);
      expect(/<img|<script|https?:\/\//i.test(m.raw.toString('latin1'))).toBe(false);
    }
    expect(seen).toEqual(expected);
    expect(seen.has(unsub.email) || seen.has(bounced.email)).toBe(false);
    // The subject arrives as written (RFC 2047 encoded words decode to it).
    const subject = parseMessage(smtp.messages[0]!.raw).headers.get('subject')![0]!;
    expect(decodeWords(subject)).toBe(SUBJECT);

    // The canary's address is in the message sent to the canary and nowhere else LitDesk wrote or answered.
    const withCanary = smtp.messages.filter((m) => m.raw.toString('latin1').includes(CANARY));
    expect(withCanary).toHaveLength(1);
    expect(withCanary[0]!.to).toEqual([CANARY]);
    const answers = JSON.stringify([
      await client.call('email.jobs', { requestId: world.requestId }), await client.call('email.progress', { jobId }),
      await client.call('email.message', { requestId: world.requestId }), await client.call('email.suppressionCounts', {}),
      await client.call('email.seeds.list', {}),
    ]);
    expect(answers).not.toContain(CANARY);
    expect(JSON.stringify(db.prepare('SELECT * FROM audit_log').all())).not.toContain(CANARY);
    expect(JSON.stringify(db.prepare('SELECT * FROM audit_log').all())).not.toContain(unsub.email);
    expect(verifyAudit(db)).toMatchObject({ ok: true });

    const [request] = (await client.call('requests.list', {})).filter((r) => r.id === world.requestId);
    expect(request!.status).toBe('mailed');

    // The final invoice bills the messages the job handed over for members (seeds and suppressed members are not
    // billed): no correction or second approval is needed, and the candidate is owed the difference from the quote.
    const final = await client.call('billing.reconcile', { requestId: world.requestId, actualPostageCents: 0 });
    const billed = computeQuote(EMAIL_CARD, request!.quote!.rateCardVersion, { pieces: done.members, literaturePages: request!.quote!.pagesPerPiece, addressPage: false, channel: 'email' });
    expect(done.members).toBeLessThan(request!.quote!.pieces);
    expect(final.totalCents).toBe(billed.totalCents);
    expect(final.totalCents).toBeLessThan(request!.quote!.totalCents);
    backend.lock('test');
  }, 120_000);

  it('a certificate it cannot verify, or a wrong password, gets a plain message and sends nothing', async () => {
    smtp.messages.length = 0;
    const untrusted = await openEmailCopy(world, smtp, { trustCa: false });
    await expect(untrusted.client.call('email.server.check', {})).rejects.toMatchObject({ code: 'email.certificate' });
    const { jobId } = await untrusted.client.call('email.start', { requestId: world.requestId });
    const stopped = await waitForEmailJob(untrusted.client, jobId);
    expect(stopped).toMatchObject({ status: 'failed', errorCode: 'email.certificate', sent: 0, uncertain: 0 });
    expect(stopped.pending).toBe(stopped.total);
    untrusted.backend.lock('test');

    const wrong = await openEmailCopy(world, smtp, { password: 'not the password' });
    await expect(wrong.client.call('email.server.check', {})).rejects.toMatchObject({ code: 'email.auth' });
    const second = await wrong.client.call('email.start', { requestId: world.requestId });
    expect(await waitForEmailJob(wrong.client, second.jobId)).toMatchObject({ status: 'failed', errorCode: 'email.auth', sent: 0 });
    expect(smtp.messages).toHaveLength(0);

    // Fixed settings, then resume: everyone gets exactly one message.
    const { saveServer } = await import('./world.ts');
    await saveServer(wrong.client, smtp);
    await wrong.client.call('email.resume', { jobId: second.jobId });
    const done = await waitForEmailJob(wrong.client, second.jobId);
    expect(done.status).toBe('done');
    expect(new Set(smtp.messages.map((m) => m.to[0])).size).toBe(smtp.messages.length);
    expect(smtp.messages.length).toBe(done.total);
    wrong.backend.lock('test');
  }, 120_000);

  it('a refused address is a hard bounce, recorded for every later job, and the job goes on', async () => {
    smtp.messages.length = 0;
    const { backend, client } = await openEmailCopy(world, smtp);
    const target = backend.vault!.db.prepare("SELECT email FROM members WHERE active = 1 AND good_standing = 1 AND email <> '' ORDER BY id LIMIT 1 OFFSET 10").pluck().get() as string;
    smtp.refuse.add(target.toLowerCase());
    const { jobId } = await client.call('email.start', { requestId: world.requestId });
    const done = await waitForEmailJob(client, jobId);
    smtp.refuse.clear();
    expect(done).toMatchObject({ status: 'done', failed: 1 });
    expect(await client.call('email.suppressionCounts', {})).toEqual({ unsubscribes: 0, hardBounces: 1 });
    expect(smtp.messages.some((m) => m.to.includes(target))).toBe(false);
    backend.lock('test');
  }, 120_000);

  it('refuses what a candidate or a careless setting would get wrong', async () => {
    const { backend, client, dir } = await openEmailCopy(world, smtp);
    // The password never comes back, and the form refuses addresses that could carry a second recipient.
    const view = await client.call('email.server.get', {});
    expect(JSON.stringify(view)).not.toContain('smtp password');
    await expect(client.call('email.seeds.add', { label: 'x', address: 'a@b.test, victim@else.test' })).rejects.toMatchObject({ code: 'email.badAddress' });
    // A subject with a line break could forge a header: refused before anything is stored.
    await expect(client.call('email.compose', { requestId: world.requestId, subject: 'Hi\r\nBcc: everyone@else.test', body: 'x' })).rejects.toMatchObject({ code: 'api.invalidInput' });
    // The message is fixed once the candidate has signed off.
    await expect(client.call('email.compose', { requestId: world.requestId, subject: 'changed', body: 'changed' })).rejects.toMatchObject({ code: 'email.messageFixed' });
    // A print job cannot be run for an email request.
    backend.grants.grantFolder(dir, 'output');
    await expect(client.call('merge.start', { requestId: world.requestId, folder: dir, mailHouseId: 1 })).rejects.toMatchObject({ code: 'merge.emailRequest' });
    // A candidate sees no job counts and no other candidate's message.
    const other = await client.call('candidates.register', { electionId: 1, fullName: 'José Muñoz Peña', office: 'President', standing: 'candidate' });
    const jose = await addUserAndLogin(client, dir, { login: 'jose', role: 'candidate', candidateId: other.id });
    await expect(jose.client.call('email.message', { requestId: world.requestId })).rejects.toMatchObject({ code: 'requests.notFound' });
    await expect(jose.client.call('email.jobs', { requestId: world.requestId })).rejects.toMatchObject({ code: 'auth.forbidden' });
    jose.backend.lock('test');
    backend.lock('test');
  }, 120_000);

  it('publishing a card for an election that offers email needs real email prices', async () => {
    const { backend, client } = await openEmailCopy(world, null);
    await expect(client.call('rateCard.publish', { electionId: 1, card: { ...EMAIL_CARD, email: undefined } })).rejects.toMatchObject({ code: 'rateCard.emailPriceMissing' });
    await expect(client.call('rateCard.publish', { electionId: 1, card: { ...EMAIL_CARD, email: { perMessageCents: 0, perJobCents: 100 } } })).rejects.toMatchObject({ code: 'rateCard.zeroPrice', details: { items: 'email.message' } });
    backend.lock('test');
  }, 60_000);
});

describe('member email addresses', () => {
  it('keeps plain mailboxes and refuses anything that could carry a second recipient or a header', () => {
    expect(normaliseEmail('  Hương.Nguyen@Example.ORG ')).toEqual({ ok: false, reason: 'notAnAddress' });
    expect(normaliseEmail('Huong.Nguyen@Example.ORG')).toEqual({ ok: true, address: 'Huong.Nguyen@example.org' });
    for (const bad of ['a@b', 'a@@b.org', 'a b@c.org', 'a@b.org,c@d.org', '<a@b.org>', 'a@b.org\r\nBcc: x@y.org', '"a"@b.org', '.a@b.org', 'a..b@c.org', 'a@-b.org', 'a@b.o']) {
      expect(normaliseEmail(bad).ok, bad).toBe(false);
    }
    expect(normaliseEmail('')).toEqual({ ok: false, reason: 'empty' });
  });
});

/** RFC 2047 encoded words (as nodemailer writes them: UTF-8, B or Q) back to text. */
function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}
