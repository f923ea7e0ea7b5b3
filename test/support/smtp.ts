import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { tempDir } from './backend.ts';

// A real SMTP submission server on 127.0.0.1 for the email tests (issue 17): STARTTLS or implicit TLS with a
// certificate made here by openssl (self-signed, CN/SAN 127.0.0.1 and localhost), AUTH PLAIN/LOGIN against one user,
// and every accepted message kept raw with its envelope. The test trusts the certificate explicitly (the vault's
// private-CA setting), never by turning verification off.

export type Received = { from: string; to: string[]; raw: Buffer };
export type TestSmtp = {
  port: number; caPem: string; messages: Received[]; close: () => Promise<void>;
  /** Refuse RCPT for these addresses with 550 (a hard bounce). */
  refuse: Set<string>;
};

export const SMTP_USER = 'committee@union.test';
export const SMTP_PASS = 'smtp password of the committee';

let cert: { key: string; cert: string } | null = null;
export function testCertificate(): { key: string; cert: string } {
  if (cert) return cert;
  const dir = tempDir('litdesk-smtp-cert-');
  const key = path.join(dir, 'key.pem');
  const crt = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  cert = { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(crt, 'utf8') };
  fs.rmSync(dir, { recursive: true, force: true });
  return cert;
}

export async function startSmtp(opts: { secure?: boolean; port?: number } = {}): Promise<TestSmtp> {
  const { key, cert: crt } = testCertificate();
  const messages: Received[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    secure: opts.secure ?? false, key, cert: crt, authOptional: false, logger: false, disabledCommands: [],
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(addr, _session, cb) {
      if (refuse.has(addr.address.toLowerCase())) cb(Object.assign(new Error('No such user'), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks),
        });
        cb();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
  });
  // A client killed mid-conversation (the SIGKILL tests) resets its connection: that is the test, not a failure.
  server.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') throw e; });
  return { port, caPem: crt, messages, refuse, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The parts of a raw message the tests check, read as RFC 5322/2045 says (headers unfolded, base64 decoded). */
export function parseMessage(raw: Buffer): { headers: Map<string, string[]>; text: string; html: string | null; parts: string[]; attachments: { fileName: string; contentType: string; bytes: Buffer }[] } {
  const s = raw.toString('latin1');
  const split = (block: string) => {
    const end = block.indexOf('\r\n\r\n');
    const head = block.slice(0, end).replace(/\r\n[ \t]+/g, ' ');
    const headers = new Map<string, string[]>();
    for (const line of head.split('\r\n')) {
      const i = line.indexOf(':');
      const k = line.slice(0, i).trim().toLowerCase();
      headers.set(k, [...(headers.get(k) ?? []), line.slice(i + 1).trim()]);
    }
    return { headers, body: block.slice(end + 4) };
  };
  let text = '';
  let html: string | null = null;
  const types: string[] = [];
  const attachments: { fileName: string; contentType: string; bytes: Buffer }[] = [];
  const walk = (p: { headers: Map<string, string[]>; body: string }) => {
    const type = p.headers.get('content-type')?.[0] ?? 'text/plain';
    types.push(type.split(';')[0]!.trim().toLowerCase());
    const boundary = /^multipart\//i.test(type) ? /boundary="?([^";]+)"?/.exec(type)?.[1] : undefined;
    if (boundary) {
      for (const part of p.body.split(`--${boundary}`).slice(1, -1)) walk(split(part.replace(/^\r\n/, '')));
      return;
    }
    const enc = (p.headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase();
    const body = p.body.replace(/\r\n$/, '');
    const bytes = enc === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : enc === 'quoted-printable' ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1')
        : Buffer.from(body, 'latin1');
    const disposition = p.headers.get('content-disposition')?.[0] ?? '';
    if (/attachment/i.test(disposition)) {
      attachments.push({ fileName: /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? '', contentType: type.split(';')[0]!, bytes });
    } else if (type.startsWith('text/plain')) {
      text += bytes.toString('utf8').replace(/\r\n/g, '\n');
    } else if (type.startsWith('text/html')) {
      html = (html ?? '') + bytes.toString('utf8').replace(/\r\n/g, '\n');
    }
  };
  const top = split(s);
  walk(top);
  return { headers: top.headers, text, html, parts: types, attachments };
}
