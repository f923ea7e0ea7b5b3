import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../electron/audit/log.ts';
import { launchChromium } from '../../../scripts/browser-app.ts';
import { signIn, tempDir } from '../../support/backend.ts';
import { parseMessage, startSmtp, type TestSmtp } from '../../support/smtp.ts';
import { BODY, buildEmailWorld, EMAIL_CARD, openEmailCopy, SUBJECT, waitForEmailJob, type EmailWorld } from './world.ts';

// Issue 17 items 1, 2 and 5, played by the people who could bend them: a staff member who "fixes" a candidate's
// message after the candidate signed it off (through the app, then with SQL and the key, then with the triggers
// dropped), a candidate who chose the HTML rendering and writes markup into it hoping it runs, and a candidate who
// wants the email prices in the notice they were sent.

const STAFF = { login: 'sam', passphrase: 'sam chooses a long own passphrase 2026' };
const CANDIDATE = { login: 'huong', passphrase: 'huong chooses a long own passphrase 2026' };
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

let world: EmailWorld;
let htmlWorld: EmailWorld;
let smtp: TestSmtp;
const HOSTILE = [
  'Dear member,',
  '',
  '<script>alert("vote")</script><img src="https://track.example.com/p.gif?m=1" width="1" height="1">',
  '<a href="http://evil.example/x" onclick="steal()">click</a> <style>body{background:url(https://x.example/b.png)}</style>',
  'See https://hương-for-president.example/plan & "our" <plan>.',
  '<iframe src="//frame.example"></iframe> <link rel="stylesheet" href="https://css.example/a.css"> <!-- comment -->',
  '',
  'Bầu Hương làm chủ tịch. ¡Vote por Hương!',
  '',
].join('\n');

beforeAll(async () => {
  [world, htmlWorld] = [await buildEmailWorld({ members: 40, seeds: 1 }), await buildEmailWorld({ members: 40, seeds: 1, format: 'html', body: HOSTILE })];
  smtp = await startSmtp();
}, 180_000);
afterAll(async () => { await smtp?.close(); });

/** A copy of the world with the mail server set by the chair, then handed to the staff member. */
async function staffOnCopy(w: EmailWorld, o: { perMinute?: number } = {}) {
  const chair = await openEmailCopy(w, smtp);
  if (o.perMinute) {
    const s = await chair.client.call('email.server.get', {});
    await chair.client.call('email.server.save', { host: s.host, port: s.port, security: s.security, username: s.username, fromAddress: s.fromAddress,
      fromName: s.fromName, unsubscribeAddress: s.unsubscribeAddress, perMinute: o.perMinute });
  }
  chair.backend.lock('test');
  const staff = await signIn(chair.dir, STAFF);
  return { ...staff, dir: chair.dir };
}

describe('the candidate signs off the message exactly as sent', () => {
  it('the proof shows subject, text with the footer, and the attachment by its hash; the sign-off stored that hash', async () => {
    const { backend, client } = await openEmailCopy(world, smtp);
    const proof = await client.call('email.proof', { requestId: world.requestId });
    expect(proof).toMatchObject({ format: 'attachment', subject: SUBJECT, html: null, signedOff: { sha256: world.proofSha256, matches: true } });
    expect(proof.text.startsWith(BODY.trimEnd())).toBe(true);
    expect(proof.text).toContain('Paid for by Nguyễn Thị Hương');
    expect(proof.attachment).toEqual({ fileName: expect.any(String) as string, bytes: world.literature.length, sha256: sha(world.literature) });
    const stored = backend.vault!.db.prepare('SELECT proof_sha256 FROM requests WHERE id = ?').pluck().get(world.requestId);
    expect(stored).toBe(proof.sha256);
    // The sign-off's audit entry names the hash the candidate signed.
    const entry = backend.vault!.db.prepare("SELECT details FROM audit_log WHERE action = 'requests.signOff'").pluck().get() as string;
    expect(entry).toContain(proof.sha256);
    backend.lock('test');
  }, 60_000);

  it('a candidate cannot sign off a message that changed after they viewed it', async () => {
    const w = await buildEmailWorld({ members: 12, seeds: 0 });
    const chair = await openEmailCopy(w, null);
    // Back to before sign-off, in a copy made for this test: a new request, composed and quoted.
    const req = await chair.client.call('requests.submit', {
      candidateId: w.candidateId, audience: { kind: 'allGoodStanding' }, channel: 'email', requestedMailingDate: '2026-06-02',
      literaturePath: (await import('../elections/helpers.ts')).grantedFile(chair.backend, w.literature),
    });
    await chair.client.call('email.compose', { requestId: req.id, subject: SUBJECT, body: 'Version the candidate read.' });
    chair.backend.lock('test');
    const cand = await signIn(chair.dir, CANDIDATE);
    const seen = await cand.client.call('email.proof', { requestId: req.id });
    cand.backend.lock('test');
    const staff = await signIn(chair.dir, STAFF);
    await staff.client.call('email.compose', { requestId: req.id, subject: SUBJECT, body: 'Version staff slipped in.' });
    staff.backend.lock('test');
    const again = await signIn(chair.dir, CANDIDATE);
    await expect(again.client.call('requests.signOff', { requestId: req.id, proofSha256: seen.sha256 })).rejects.toMatchObject({ code: 'requests.proofChanged' });
    // The print proof's hash is not an email request's proof either.
    const pdfProof = await again.client.call('requests.proof', { requestId: req.id });
    await expect(again.client.call('requests.signOff', { requestId: req.id, proofSha256: pdfProof.sha256 })).rejects.toMatchObject({ code: 'requests.proofChanged' });
    again.backend.lock('test');
  }, 90_000);

  it('staff who alter the body after sign-off get the send refused, however they alter it', async () => {
    smtp.messages.length = 0;
    const staff = await staffOnCopy(world);
    const db = staff.backend.vault!.db;
    // Through the app: refused.
    await expect(staff.client.call('email.compose', { requestId: world.requestId, subject: SUBJECT, body: 'Vote for the slate instead.' }))
      .rejects.toMatchObject({ code: 'email.messageFixed' });
    // With SQL and the key a committee member holds: the file refuses.
    expect(() => db.prepare("UPDATE email_messages SET body = 'Vote for the slate instead.' WHERE request_id = ?").run(world.requestId))
      .toThrow(/signed off this message/);
    // With the guard dropped first: the change lands, and the send refuses it.
    db.exec('DROP TRIGGER email_messages_fixed_after_sign_off');
    db.prepare("UPDATE email_messages SET body = body || '\nP.S. Vote for the slate instead.' WHERE request_id = ?").run(world.requestId);
    await expect(staff.client.call('email.start', { requestId: world.requestId })).rejects.toMatchObject({ code: 'email.proofVoided' });
    expect(await staff.client.call('email.jobs', { requestId: world.requestId })).toEqual([]);
    expect((await staff.client.call('email.proof', { requestId: world.requestId })).signedOff).toEqual({ sha256: world.proofSha256, matches: false });
    expect(smtp.messages).toHaveLength(0);
    staff.backend.lock('test');

    // Swapping the attachment's bytes (keeping the stored hash column) is caught the same way.

    const swap = await staffOnCopy(world);
    const sdb = swap.backend.vault!.db;
    const litId = sdb.prepare('SELECT literature_id FROM requests WHERE id = ?').pluck().get(world.requestId) as number;
    const triggers = sdb.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'literature'").pluck().all() as string[];
    for (const t of triggers) sdb.exec(`DROP TRIGGER "${t}"`);
    const forged = Buffer.from(world.literature);
    forged[forged.length - 20] = forged[forged.length - 20]! ^ 1;
    sdb.prepare('UPDATE literature SET bytes = ? WHERE id = ?').run(forged, litId);
    await expect(swap.client.call('email.start', { requestId: world.requestId })).rejects.toMatchObject({ code: 'email.proofVoided' });
    expect(smtp.messages).toHaveLength(0);
    swap.backend.lock('test');
  }, 90_000);

  it('a change made while a job is paused stops the job at resume: nothing more is sent', async () => {
    smtp.messages.length = 0;
    const staff = await staffOnCopy(world, { perMinute: 120 });
    const { jobId } = await staff.client.call('email.start', { requestId: world.requestId });
    for (let i = 0; i < 400 && (await staff.client.call('email.progress', { jobId })).sent < 2; i++) await new Promise((r) => setTimeout(r, 25));
    await staff.client.call('email.cancel', { jobId });
    await waitForEmailJob(staff.client, jobId);
    const before = smtp.messages.length;
    expect(before).toBeGreaterThanOrEqual(2);
    const db = staff.backend.vault!.db;
    db.exec('DROP TRIGGER email_messages_fixed_after_sign_off');
    db.prepare("UPDATE email_messages SET subject = 'Changed after sign-off' WHERE request_id = ?").run(world.requestId);
    await staff.client.call('email.resume', { jobId });
    const stopped = await waitForEmailJob(staff.client, jobId);
    expect(stopped).toMatchObject({ status: 'failed', errorCode: 'email.proofVoided' });
    expect(smtp.messages.length).toBe(before);
    expect(smtp.messages.every((m) => !m.raw.toString('latin1').includes('Changed after sign-off'))).toBe(true);
    expect(verifyAudit(db)).toMatchObject({ ok: true });
    staff.backend.lock('test');
  }, 90_000);
});

describe('the simple HTML rendering (issue 17 item 2)', () => {
  it('arrives intact, with the text part, no attachment, and nothing in it that can load or run anything', async () => {
    smtp.messages.length = 0;
    const { backend, client } = await openEmailCopy(htmlWorld, smtp);
    const proof = await client.call('email.proof', { requestId: htmlWorld.requestId });
    expect(proof).toMatchObject({ format: 'html', attachment: null, signedOff: { matches: true } });
    const html = proof.html!;
    // Only these elements and attributes exist in the rendering; everything the candidate typed is text.
    const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)];
    expect(new Set(tags.map((t) => t[1]!.toLowerCase()))).toEqual(new Set(['html', 'head', 'meta', 'title', 'body', 'p', 'br', 'hr']));
    const attributes = new Set(tags.flatMap((t) => [...t[2]!.matchAll(/([a-zA-Z-]+)\s*=/g)].map((a) => a[1]!.toLowerCase())));
    expect(attributes).toEqual(new Set(['lang', 'charset', 'http-equiv', 'content']));
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">');
    // The markup (the text between tags taken out) has no way to fetch or run anything.
    const markup = tags.map((t) => t[0]).join('\n');
    for (const bad of [/<script/i, /<img/i, /<iframe/i, /<link/i, /<style/i, /\bsrc\s*=/i, /\bhref\s*=/i, /\bon[a-z]+\s*=/i, /url\(/i, /https?:/i]) {
      expect(markup, String(bad)).not.toMatch(bad);
    }
    expect(html).not.toMatch(/<!--|<\?|<!\[CDATA/);
    expect(html).toContain('&lt;script&gt;alert(&quot;vote&quot;)&lt;/script&gt;&lt;img src=&quot;https://track.example.com/p.gif?m=1&quot;');
    expect(html).toContain('See https://hương-for-president.example/plan &amp; &quot;our&quot; &lt;plan&gt;.');
    expect(html).toContain('<p>Bầu Hương làm chủ tịch. ¡Vote por Hương!</p>');

    const { jobId } = await client.call('email.start', { requestId: htmlWorld.requestId });
    const done = await waitForEmailJob(client, jobId);
    expect(done).toMatchObject({ status: 'done', failed: 0, uncertain: 0 });
    expect(smtp.messages.length).toBe(done.total);
    for (const m of smtp.messages) {
      const p = parseMessage(m.raw);
      expect(p.html, 'the HTML part byte for byte as the candidate signed it off').toBe(html);
      expect(p.text).toBe(proof.text);
      expect(p.attachments).toEqual([]);
      expect(p.parts).toEqual(['multipart/alternative', 'text/plain', 'text/html']);
    }
    backend.lock('test');
  }, 90_000);

  it('renders in Chromium under a default-src none policy without asking for anything', async () => {
    const { backend, client } = await openEmailCopy(htmlWorld, null);
    const proof = await client.call('email.proof', { requestId: htmlWorld.requestId });
    backend.lock('test');
    const browser = await launchChromium(true);
    try {
      const page = await browser.newPage();
      // Every request the page would make is recorded and refused here: nothing leaves the machine.
      const requests: string[] = [];
      await page.route('**', (r) => { requests.push(r.request().url()); void r.abort(); });
      const dialogs: string[] = [];
      page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
      await page.setContent(proof.html!, { waitUntil: 'load' });
      await page.waitForTimeout(300);
      expect(requests).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(await page.locator('img, script, a, iframe, link, style').count()).toBe(0);
      expect(await page.locator('body').innerText()).toContain('<script>alert("vote")</script>');
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('the rate-card notice (issue 17 item 5)', () => {
  it('prints the email prices in the PDF every candidate is sent', async () => {
    const { backend, client, dir } = await openEmailCopy(world, null);
    await client.call('rateCard.publish', { electionId: 1, card: { ...EMAIL_CARD, email: { perMessageCents: 3, perJobCents: 2250 } } });
    backend.lock('test');
    const cand = await signIn(dir, CANDIDATE);
    const [n] = (await cand.client.call('notices.list', {})).filter((x) => x.kind === 'rateCard');
    const pdf = await cand.client.call('notices.pdf', { noticeId: n!.id });
    const file = path.join(tempDir('litdesk-notice-'), 'notice.pdf');
    fs.writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Email, per message\s+\$0\.03/);
    expect(text).toMatch(/Email, per job\s+\$22\.50/);
    cand.backend.lock('test');
  }, 60_000);
});

