import nodemailer, { type SendMailOptions } from 'nodemailer';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';

// The union's own SMTP submission server, reached only from the core (issue 17): port 587 with STARTTLS required or
// 465 with TLS, the certificate always verified (a committee with a private CA pastes it; nothing turns checks
// off), credentials from inside the vault. nodemailer's logger and debug stay off: no transcript is ever kept.

export type ServerSettings = {
  host: string; port: number; security: 'starttls' | 'tls'; username: string; password: string;
  fromAddress: string; fromName: string; unsubscribeAddress: string; caPem: string | null; perMinute: number;
};

export function loadServer(db: DB): ServerSettings | null {
  const r = db.prepare(`SELECT host, port, security, username, password, from_address AS fromAddress, from_name AS fromName,
    unsubscribe_address AS unsubscribeAddress, ca_pem AS caPem, per_minute AS perMinute FROM email_server WHERE id = 1`).get() as ServerSettings | undefined;
  return r ?? null;
}

export type Sender = {
  send(message: SendMailOptions): Promise<{ messageId: string }>;
  verify(): Promise<void>;
  close(): void;
};

export function openSender(s: ServerSettings): Sender {
  const transport = nodemailer.createTransport({
    host: s.host, port: s.port, secure: s.security === 'tls', requireTLS: s.security === 'starttls',
    auth: { user: s.username, pass: s.password },
    tls: { rejectUnauthorized: true, servername: s.host, minVersion: 'TLSv1.2', ...(s.caPem ? { ca: [s.caPem] } : {}) },
    pool: true, maxConnections: 1, maxMessages: 1000,
    connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000,
    logger: false, debug: false, disableFileAccess: true, disableUrlAccess: true,
  });
  return {
    send: async (m) => {
      const info = await transport.sendMail(m) as { messageId: string; rejected?: unknown[] };
      if (Array.isArray(info.rejected) && info.rejected.length > 0) {
        throw Object.assign(new Error('recipient rejected'), { responseCode: 550, command: 'RCPT TO' });
      }
      return { messageId: info.messageId };
    },
    verify: async () => { await transport.verify(); },
    close: () => transport.close(),
  };
}

/** What went wrong, in the words a committee member can act on; never the server's reply text (it can echo addresses). */
export type SendFailure = {
  /** 'connection': nothing was handed over (safe to try again later); 'recipient': this address was refused for good;
   * 'unknown': the connection broke while the message was being handed over (it may have been delivered). */
  scope: 'connection' | 'recipient' | 'unknown';
  error: AppError;
};

export function classify(err: unknown): SendFailure {
  const e = err as { code?: string; responseCode?: number; command?: string; message?: string; cause?: { code?: string } };
  const text = `${e.code ?? ''} ${e.cause?.code ?? ''} ${e.message ?? ''}`;
  if (/CERT|certificate|self[- ]signed|altnames|UNABLE_TO_VERIFY|ERR_TLS/i.test(text)) {
    return { scope: 'connection', error: new AppError('email.certificate', 'The mail server\'s certificate could not be verified, so nothing was sent. Check the server name, or add the certificate authority your union uses in Settings.') };
  }
  if (e.code === 'EAUTH' || e.responseCode === 535 || e.command === 'AUTH PLAIN' || e.command === 'AUTH LOGIN') {
    return { scope: 'connection', error: new AppError('email.auth', 'The mail server did not accept the user name and password, so nothing was sent. Check them in Settings.') };
  }
  if (e.code === 'ECONNECTION' || e.code === 'ETIMEDOUT' || e.code === 'EDNS' || e.code === 'ESOCKET' && !e.command || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(text)) {
    return { scope: 'connection', error: new AppError('email.unreachable', 'LitDesk could not reach the mail server, so nothing was sent. Check the server name and port, and the network.') };
  }
  if (e.responseCode !== undefined && (e.command === 'RCPT TO' || e.command === 'MAIL FROM')) {
    if (e.responseCode >= 500) return { scope: 'recipient', error: new AppError('email.recipientRefused', 'The mail server refused this address.') };
    return { scope: 'connection', error: new AppError('email.serverBusy', 'The mail server asked LitDesk to try again later. Resume the job in a while; nobody gets a message twice.') };
  }
  if (e.responseCode !== undefined && e.responseCode >= 500 && e.command === 'DATA') {
    return { scope: 'recipient', error: new AppError('email.messageRefused', 'The mail server refused the message.') };
  }
  return { scope: 'unknown', error: new AppError('email.interrupted', 'The connection to the mail server broke while a message was being sent. LitDesk will not send that message again; the job report counts it as uncertain.') };
}
