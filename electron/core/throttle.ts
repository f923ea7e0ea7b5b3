import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../vault/atomic-file.ts';

// Online guessing defence (NIST SP 800-63B-4 §3.2.2 rate limiting): after 5 failures for a login, each further
// attempt must wait 5 s, doubling per failure up to 15 minutes. Kept beside the vault, outside the database,
// because it must work while the vault is locked; it holds only login names and counts.
export const FREE_FAILURES = 5;
const BASE_MS = 5_000;
const MAX_MS = 15 * 60_000;

type Entry = { failures: number; lastAt: number };

export class LoginThrottle {
  readonly #file: string;
  constructor(dir: string) {
    this.#file = path.join(dir, 'throttle.json');
  }
  #read(): Record<string, Entry> {
    try {
      return JSON.parse(fs.readFileSync(this.#file, 'utf8')) as Record<string, Entry>;
    } catch {
      return {};
    }
  }
  static delayFor(failures: number): number {
    return failures < FREE_FAILURES ? 0 : Math.min(MAX_MS, BASE_MS * 2 ** (failures - FREE_FAILURES));
  }
  /** Milliseconds the caller must still wait before this login may be tried again. */
  waitMs(login: string, now: number): number {
    const e = this.#read()[login.toLowerCase()];
    if (!e) return 0;
    return Math.max(0, e.lastAt + LoginThrottle.delayFor(e.failures) - now);
  }
  failed(login: string, now: number): number {
    const all = this.#read();
    const key = login.toLowerCase();
    const failures = (all[key]?.failures ?? 0) + 1;
    all[key] = { failures, lastAt: now };
    if (fs.existsSync(path.dirname(this.#file))) writeFileAtomic(this.#file, JSON.stringify(all));
    return failures;
  }
  succeeded(login: string): void {
    const all = this.#read();
    if (!all[login.toLowerCase()]) return;
    delete all[login.toLowerCase()];
    writeFileAtomic(this.#file, JSON.stringify(all));
  }
}
