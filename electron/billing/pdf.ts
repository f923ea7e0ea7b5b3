import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import type { DocLine, DocumentSnapshot } from '../../shared/api/commands/billing.ts';
import { chainHeadSide, drawChainHead } from '../pdf/chain-head.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';

// DejaVu Sans (free licence, in resources/) because the standard 14 PDF fonts cannot encode Vietnamese names.

import { documentText, itemName as itemNameIn, lineFormula as lineFormulaIn, type DocText, type Reader } from '../../shared/i18n/documents.ts';
import { wrapText } from '../pdf/wrap.ts';

// Every word comes from the document catalogue (shared/i18n/locales/<lang>/documents.json) in the reader's language;
// money and dates through Intl in that language, dates on the committee's calendar.

const ENGLISH = documentText({ lang: 'en', tz: 'UTC' });
/** "$1,234.56" from cents (English; documents use the reader's formatter). */
export const money = (cents: number): string => ENGLISH.money(cents);
/** English item names and formulas, for callers that have no reader (the report data's English detail texts). */
export const itemName = (item: string): string => itemNameIn(ENGLISH, item);
export const lineFormula = (l: DocLine): string => lineFormulaIn(ENGLISH, l);

/** Lower-left corner of the chain head's QR code on page 1 (top right, inside the margins). */
export const headCorner = (side: number): { x: number; y: number } => ({ x: 562 - side, y: 770 - side });

/**
 * The PDF of an issued document, drawn from its frozen snapshot only, with fixed dates, so the same document always
 * gives the same bytes. Names are NFC and printed with the embedded (subset) Unicode font.
 */
export async function documentPdf(s: DocumentSnapshot, reader: Reader = { lang: 'en', tz: 'UTC' }): Promise<Uint8Array> {
  const d: DocText = documentText(reader);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(unicodeFont(), { subset: true });
  const when = new Date(`${s.issuedOn}T12:00:00Z`);
  doc.setTitle(`${d.t(`kind.${s.kind}`)} ${s.label}`);
  doc.setLanguage(d.locale);
  doc.setAuthor(s.unionName.normalize('NFC'));
  doc.setProducer('LitDesk');
  doc.setCreator('LitDesk');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  let page = doc.addPage([612, 792]);
  let y = 740;
  const text = (p: PDFPage, t: string, x: number, size = 10, bold = false): void => {
    p.drawText(t.normalize('NFC'), { x, y, size, font: f, color: bold ? rgb(0, 0, 0) : rgb(0.15, 0.15, 0.15) });
  };
  const right = (p: PDFPage, t: string, xRight: number, size = 10): void => {
    p.drawText(t, { x: xRight - f.widthOfTextAtSize(t, size), y, size, font: f });
  };
  const next = (dy: number): void => {
    y -= dy;
    if (y < 60) { page = doc.addPage([612, 792]); y = 740; }
  };

  // Top right of page 1: the audit chain head at issue, so the holder of this paper can check the trail later.
  if (s.chainHead) drawChainHead(page, f, s.chainHead, { ...headCorner(chainHeadSide(s.chainHead)), text: 'below', label: (head) => d.t('common.chainHead', { head }) });
  text(page, s.unionName, 50, 11);
  next(14);
  text(page, s.election ? d.t('common.committeeOf', { election: s.election.name }) : d.t('common.committee'), 50, 10);
  next(30);
  text(page, `${d.t(`kind.${s.kind}`)} ${s.label}`, 50, 18, true);
  next(22);
  text(page, d.t('billing.issued', { date: d.day(s.issuedOn) }), 50);
  next(14);
  text(page, d.t('billing.candidate', { name: s.candidate.name }), 50);
  next(14);
  if (s.election) { text(page, d.t('billing.election', { name: s.election.name }), 50); next(14); }
  if (s.requestId !== null) { text(page, d.t('billing.request', { id: s.requestId }), 50); next(14); }
  if (s.rateCardVersion !== null) { text(page, d.t('billing.rateCard', { version: s.rateCardVersion }), 50); next(14); }
  if (s.reference) { text(page, d.t('billing.corrects', { label: s.reference.label }), 50); next(14); }
  if (s.reason) { text(page, d.t('billing.reason', { reason: s.reason.slice(0, 90) }), 50); next(14); }
  next(10);

  if (s.lines.length > 0) {
    text(page, d.t('billing.colItem'), 50, 9); text(page, d.t('billing.colFormula'), 270, 9); right(page, d.t('billing.colAmount'), 560, 9);
    next(6);
    page.drawLine({ start: { x: 50, y }, end: { x: 560, y }, thickness: 0.5 });
    next(14);
    for (const l of s.lines) {
      // A long item name (Spanish and Vietnamese run longer) wraps under itself instead of being cut.
      const [first = '', ...rest] = wrapText(f, itemNameIn(d, l.item), 212, 9).slice(0, 3);
      text(page, first, 50, 9);
      text(page, lineFormulaIn(d, l), 270, 9);
      right(page, d.money(l.amountCents), 560, 9);
      for (const more of rest) { next(11); text(page, more, 58, 9); }
      next(14);
    }
    page.drawLine({ start: { x: 50, y: y + 8 }, end: { x: 560, y: y + 8 }, thickness: 0.5 });
  }
  next(6);
  // A quote invoice's total is the quote: the one word for it (shared/domain/money-words.ts).
  text(page, d.t(s.kind === 'quoteInvoice' ? 'money.quoteTotal' : 'billing.total'), 50, 11, true);
  right(page, d.money(s.totalCents), 560, 11);
  next(18);
  const para = (t: string, size = 10, gap = 14): void => { for (const l of wrapText(f, t, 510, size)) { text(page, l, 50, size); next(gap); } };
  if (s.payment) {
    para(d.t('billing.received', { date: d.day(s.payment.receivedOn), method: d.t(`method.${s.payment.method}`), reference: s.payment.reference }));
    para(d.t('billing.paidBy', { name: s.payment.payerName, payer: d.t(`payer.${s.payment.payerType}`) }));
    if (s.payment.accountHolder) para(d.t('billing.accountHolder', { name: s.payment.accountHolder }));
  }
  if (s.refund) para(d.t('billing.paidOut', { date: d.day(s.refund.paidOn), method: d.t(`method.${s.refund.method}`), reference: s.refund.reference }));
  if (s.refund?.payee) para(d.t('billing.paidTo', { payee: s.refund.payee }));
  if (s.kind === 'finalInvoice' && s.quoteCents !== null) para(d.t('billing.quoted', { amount: d.money(s.quoteCents) }));
  if (s.actuals) {
    para(d.t('billing.actuals', { postage: d.money(s.actuals.postageCents),
      sheets: d.t('count.sheets', { count: s.actuals.sheets, n: d.num(s.actuals.sheets) }),
      pieces: d.t('count.pieces', { count: s.actuals.pieces, n: d.num(s.actuals.pieces) }) }));
  }
  // One money vocabulary: "Held for you" and "Amount due", each one figure. A document issued before the amount due was
  // recorded prints none rather than its old receivable-only figure under the new word.
  const paySection = (s.kind === 'quoteInvoice' || s.kind === 'finalInvoice') && s.howToPay !== undefined;
  para(`${d.t('money.heldForYou')}: ${d.money(s.fundsAfterCents)}`);
  if (s.amountDueCents !== undefined && !paySection) {
    para(`${d.t('money.amountDue')}: ${d.money(s.amountDueCents)}`);
    para(d.t('money.amountDueMeans'), 8, 12);
  }
  next(10);
  // How and to whom to pay (issue 16 §4), on every invoice issued since the committee records it: the instructions in
  // force when it was issued, this invoice's number as the reference, the amount due and the union-money rule in plain
  // words. Without instructions the invoice says to ask the committee rather than leave the candidate guessing.
  if (paySection) {
    text(page, d.t('pay.title'), 50, 12, true);
    next(16);
    const h = s.howToPay ?? null;
    if (h === null) para(d.t('pay.ask'));
    else {
      para(d.t('pay.payee', { payee: h.payee }));
      if (h.mailTo) para(d.t('pay.mail', { address: h.mailTo.replace(/\n/g, ', ') }));
      if (h.bankTransfer) para(d.t('pay.bank', { details: h.bankTransfer.replace(/\n/g, ', ') }));
      para(d.t('pay.reference', { reference: s.label }));
    }
    if (s.amountDueCents !== undefined) {
      para(d.t('pay.amount', { amount: d.money(s.amountDueCents) }));
      para(d.t('money.amountDueMeans'), 8, 12);
    }
    para(d.t('pay.noUnionMoney'), 10, 14);
    next(10);
  }
  para(d.t('common.noUnionFunds'), 8, 12);
  para(d.t('billing.numbered'), 8, 12);
  return doc.save({ useObjectStreams: false });
}
