// One rule for member email addresses, used by the import, the email channel and the screens (issue 17).
// Deliberately narrower than RFC 5321: a plain ASCII mailbox that every submission server takes, so a value that
// could smuggle a second recipient or a header (commas, angle brackets, quotes, spaces, line breaks) is never sent.

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export type EmailCheck = { ok: true; address: string } | { ok: false; reason: 'empty' | 'notAnAddress' | 'tooLong' };

/** Trims, lower-cases the domain and checks the form; the local part keeps its case (some servers honour it). */
export function normaliseEmail(raw: string): EmailCheck {
  const value = raw.normalize('NFC').trim();
  if (value === '') return { ok: false, reason: 'empty' };
  if (value.length > 254) return { ok: false, reason: 'tooLong' };
  const at = value.lastIndexOf('@');
  if (at <= 0 || at !== value.indexOf('@')) return { ok: false, reason: 'notAnAddress' };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (local.length > 64 || !LOCAL.test(local)) return { ok: false, reason: 'notAnAddress' };
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !/^[a-z]{2,63}$|^xn--[a-z0-9-]+$/.test(labels.at(-1)!)) {
    return { ok: false, reason: 'notAnAddress' };
  }
  return { ok: true, address: `${local}@${domain}` };
}

/** The form two addresses are compared in (unsubscribes, bounces, seeds): the whole address lower-cased. */
export const emailKey = (address: string): string => address.normalize('NFC').trim().toLowerCase();
