/**
 * One money vocabulary (issue 16 §4): the same words for the same figure on every screen and every document, in
 * English, Spanish and Vietnamese. The words themselves live once, in the document catalogue
 * (`shared/i18n/locales/<lang>/documents.json`, section `money`), which the PDFs print from and the renderer loads as
 * its `documents` namespace; this file names the set, says what each word means, and lists the words it retired, so a
 * test (test/unit/money-words.test.ts) can refuse any screen or document string that speaks of money otherwise.
 *
 * The figures, for one candidate (integer cents, from ledger lines and quotes, never a stored total):
 * - quoteTotal: a request's quote, the estimate the job is prepaid on.
 * - invoiced: final invoices (actual costs), net of credit notes.
 * - paid: money received from or for the candidate, receipts voided aside.
 * - refunded: money paid back to the candidate.
 * - heldForYou: money received and not yet applied to a final invoice (it may already be set aside for a released
 *   job). Addressed to the candidate "Held for you"; on committee screens and reports "Held for the candidate"
 *   (key heldForCandidate): the same figure, only the person changes.
 * - amountDue: what is still to pay so that every open quote (not withdrawn, not yet replaced by a final invoice) and
 *   every final invoice is covered: max(0, open quotes + unpaid invoices − held). Zero means every job is paid in
 *   full. A single job's release gate ("amount due before release") can only be lower or equal, never higher: the
 *   billing property test checks it, so "Amount due $0.00" never stands beside a job that cannot be released for money.
 * - canBeRefunded: the part of the money held that no released or invoiced job needs (the refund limit).
 */
export const MONEY_WORDS = ['quoteTotal', 'invoiced', 'paid', 'refunded', 'heldForYou', 'heldForCandidate', 'amountDue', 'amountDueBeforeRelease', 'canBeRefunded'] as const;
export type MoneyWord = (typeof MONEY_WORDS)[number];

/** Catalogue key of a money word (namespace `documents` in the renderer). */
export const moneyKey = (w: MoneyWord): string => `money.${w}`;

/** The amount due: open quotes and unpaid final invoices not covered by what is held (net funds = held − unpaid). */
export const amountDue = (x: { openQuotesCents: number; netFundsCents: number }): number => Math.max(0, x.openQuotesCents - x.netFundsCents);

/**
 * Words retired for money, per language, as patterns over a catalogue string with its {{placeholders}} removed. They
 * named the same figures with other words ("Balance due", "Short by", "credit", "outstanding", "Funds held",
 * "Refundable now", "Charged (final)", "still due") or one word for two figures ("Balance"). A credit note stays a
 * credit note: it is a document, not a figure.
 */
export const RETIRED_MONEY_WORDS: Record<'en' | 'es' | 'vi', RegExp[]> = {
  en: [/\bbalance\b/i, /\bshort by\b/i, /\bshortfall\b/i, /\boutstanding\b/i, /\bcredit\b(?! notes?\b)/i, /\bfunds held\b/i,
    /\brefundable\b/i, /\bcharged \(final\)/i, /\bstill due\b/i, /\bstill unpaid\b/i, /\bowe[sd]?\b/i, /\bowing\b/i],
  es: [/\bsaldo\b/i, /\bfaltan\b/i, /\badeudad[oa]\b/i, /\bpendiente de pago\b/i, /(?<!notas? de )\bcrédito\b/i,
    /\bfondos retenidos\b/i, /\breembolsable\b/i, /\bcobrado \(final\)/i],
  vi: [/số dư/i, /còn thiếu/i, /còn nợ/i, /tiền ký quỹ/i, /có thể hoàn lại/i, /đã tính \(cuối cùng\)/i],
};

/** The retired word a string uses, or null. `text` is a catalogue string; placeholders are not words. */
export function retiredMoneyWord(lang: 'en' | 'es' | 'vi', text: string): string | null {
  const words = text.replace(/\{\{[^}]*\}\}/g, ' ');
  for (const re of RETIRED_MONEY_WORDS[lang]) {
    const m = re.exec(words);
    if (m) return m[0];
  }
  return null;
}
