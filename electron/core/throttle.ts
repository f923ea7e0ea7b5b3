import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/api/errors.ts';
import { canonicalJson } from '../../shared/domain/canonical-json.ts';
import { writeFileAtomic } from '../vault/atomic-file.ts';

// Online guessing defence (NIST SP 800-63B-4 §3.2.2 rate limiting): after 5 failures for a login, each further
// attempt must wait 5 s, doubling per failure up to 15 minutes. Every passphrase check goes through it: unlock,
// change of passphrase, and the hand-over sign-in. Kept beside the vault, outside the database, because it must work
// while the vault is locked; it holds only login names, counts and times.
//
// Issue 12 §5: deleting the record or moving the clock must not reset it.
// - The record carries an HMAC under a key kept in the vault's key file, and a sequence number. A record that is
//   missing (once the vault has a format-2 key file, which always writes one), unreadable or fails its MAC counts as
//   tampering: everybody waits the longest delay, and the refusal says why.
// - Waits are measured with the wall clock and, on the same boot, with the system's uptime (monotonic): the smaller
//   elapsed time counts, so moving the clock forward does not shorten a wait, and a clock moved backward counts as
//   no time passed.
export const FREE_FAILURES = 5;
const BASE_MS = 5_000;
export const MAX_DELAY_MS = 15 * 60_000;
const TAMPERED = '*tampered*';

type Entry = { failures: number; lastAt: number; boot: string; uptimeAt: number };
type Record_ = { format: 'litdesk-throttle'; version: 2; seq: number; entries: Record<string, Entry> };

export type ThrottleClock = { now: () => number; uptime: () => number; bootId: string };

let bootIdCache: string | undefined;
/** Changes at every boot (Linux); elsewhere the process start, so the uptime check covers one run of the app. */
export function systemBootId(): string {
  if (bootIdCache) return bootIdCache;
  try {
    bootIdCache = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    bootIdCache = `process-${process.pid}-${crypto.randomUUID()}`;
  }
  return bootIdCache;
}

export const systemUptimeMs = (): number => Math.round(os.uptime() * 1000);

export class LoginThrottle {
  readonly #file: string;
  readonly #key: Buffer | null;
  readonly #clock: ThrottleClock;

  /** `key` is the key file's throttle key; null for a first-release vault (no MAC until its upgrade). */
  constructor(dir: string, key: Buffer | null, clock: ThrottleClock) {
    this.#file = LoginThrottle.fileOf(dir);
    this.#key = key;
    this.#clock = clock;
  }

  static fileOf(dir: string): string { return path.join(dir, 'throttle.json'); }

  static delayFor(failures: number): number {
    return failures < FREE_FAILURES ? 0 : Math.min(MAX_DELAY_MS, BASE_MS * 2 ** (failures - FREE_FAILURES));
  }

  #mac(r: Record_): string {
    return crypto.createHmac('sha256', this.#key!).update(canonicalJson(r)).digest('base64');
  }

  /** The record, or a tampering marker that makes everyone wait the longest delay from now. */
  #read(): { record: Record_; tampered: boolean } {
    const empty: Record_ = { format: 'litdesk-throttle', version: 2, seq: 0, entries: {} };
    let raw: string;
    try {
      raw = fs.readFileSync(this.#file, 'utf8');
    } catch {
      return this.#key ? { record: this.#markTampered(empty), tampered: true } : { record: empty, tampered: false };
    }
    try {
      const parsed = JSON.parse(raw) as Record_ & { mac?: string };
      if (!this.#key) return { record: { ...empty, entries: parsed.entries ?? {} }, tampered: false };
      const { mac, ...body } = parsed;
      const ok = body.format === 'litdesk-throttle' && body.version === 2 && typeof mac === 'string' &&
        crypto.timingSafeEqual(Buffer.from(this.#mac(body as Record_)), Buffer.from(mac.padEnd(44).slice(0, 44)));
      if (ok) return { record: body as Record_, tampered: false };
    } catch { /* unreadable counts as tampered below */ }
    return this.#key ? { record: this.#markTampered(empty), tampered: true } : { record: empty, tampered: false };
  }

  #markTampered(r: Record_): Record_ {
    r.entries[TAMPERED] = { failures: 99, lastAt: this.#clock.now(), boot: this.#clock.bootId, uptimeAt: this.#clock.uptime() };
    this.#write(r);
    return r;
  }

  #write(r: Record_): void {
    if (!fs.existsSync(path.dirname(this.#file))) return;
    r.seq += 1;
    const body = { ...r };
    writeFileAtomic(this.#file, JSON.stringify(this.#key ? { ...body, mac: this.#mac(body) } : body));
  }

  #waitFor(e: Entry | undefined): number {
    if (!e) return 0;
    const delay = LoginThrottle.delayFor(e.failures);
    if (delay === 0) return 0;
    let elapsed = Math.max(0, this.#clock.now() - e.lastAt);
    if (e.boot === this.#clock.bootId) elapsed = Math.min(elapsed, Math.max(0, this.#clock.uptime() - e.uptimeAt));
    return Math.max(0, delay - elapsed);
  }

  /** Milliseconds the caller must still wait before this login may be tried again, and whether the record was
   * tampered with. */
  status(login: string): { waitMs: number; tampered: boolean } {
    const { record } = this.#read();
    const tamper = this.#waitFor(record.entries[TAMPERED]);
    return { waitMs: Math.max(tamper, this.#waitFor(record.entries[login.toLowerCase()])), tampered: tamper > 0 };
  }

  waitMs(login: string): number { return this.status(login).waitMs; }

  /** Throws `auth.throttled` (or `auth.throttleTampered`) while this login must wait. */
  check(login: string): void {
    const s = this.status(login);
    if (s.waitMs <= 0) return;
    const retryAfterSeconds = Math.ceil(s.waitMs / 1000);
    if (s.tampered) {
      throw new AppError('auth.throttleTampered', 'The record of wrong passphrases was deleted or changed outside LitDesk, so signing in is paused for everyone.', { retryAfterSeconds });
    }
    throw new AppError('auth.throttled', 'Too many wrong passphrases. Wait before trying again.', { retryAfterSeconds });
  }

  failed(login: string): number {
    const { record } = this.#read();
    const key = login.toLowerCase();
    const failures = (record.entries[key]?.failures ?? 0) + 1;
    record.entries[key] = { failures, lastAt: this.#clock.now(), boot: this.#clock.bootId, uptimeAt: this.#clock.uptime() };
    this.#write(record);
    return failures;
  }

  /** The refusal for a wrong passphrase, with how many tries are left before a wait. */
  refuse(login: string, message = 'That login and passphrase do not match.'): AppError {
    const failures = this.failed(login);
    return new AppError('auth.badCredentials', message, {
      attemptsBeforeDelay: Math.max(0, FREE_FAILURES - failures),
      retryAfterSeconds: Math.ceil(LoginThrottle.delayFor(failures) / 1000),
    });
  }

  succeeded(login: string): void {
    const { record } = this.#read();
    const key = login.toLowerCase();
    if (!record.entries[key] && !record.entries[TAMPERED]) return;
    delete record.entries[key];
    if (this.#waitFor(record.entries[TAMPERED]) === 0) delete record.entries[TAMPERED];
    this.#write(record);
  }

  /** A fresh record (a new vault, a restored backup): its absence later then means someone deleted it. */
  initialise(): void {
    this.#write({ format: 'litdesk-throttle', version: 2, seq: 0, entries: {} });
  }
}
