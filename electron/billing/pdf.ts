import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import type { DocLine, DocumentSnapshot } from '../../shared/api/commands/billing.ts';
import { chainHeadSide, drawChainHead } from '../pdf/chain-head.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';

// DejaVu Sans (free licence, in resources/) because the standard 14 PDF fonts cannot encode Vietnamese names.

export { money } from '../reports/money.ts';
import { money } from '../reports/money.ts';
import { formatRate } from '../../shared/domain/money.ts';

const TITLES: Record<DocumentSnapshot['kind'], string> = {
  quoteInvoice: 'Invoice for prepayment (quote)', finalInvoice: 'Final invoice', creditNote: 'Credit note',
  receipt: 'Receipt', refund: 'Refund voucher',
};
const METHODS: Record<string, string> = { check: 'Check', moneyOrder: 'Money order', cashiersCheck: "Cashier's check", card: 'Card terminal' };
const PAYERS: Record<string, string> = { candidate: 'the candidate', campaignCommittee: 'campaign committee', individualSupporter: 'individual supporter' };
const ITEMS: Record<string, string> = {
  paper: 'Paper', printing: 'Printing', envelope: 'Envelopes', inserting: 'Inserting', handling: 'Handling',
  staffTime: 'Staff time', 'postage.actual': 'Postage, actual (mail house statement)',
  'postage.firstClass': 'Postage, First-Class Mail', 'postage.marketing': 'Postage, USPS Marketing Mail',
  'postage.nonprofitMarketing': 'Postage, USPS Marketing Mail (nonprofit)',
};
const UNITS: Record<string, string> = { sheet: 'sheet', side: 'side', piece: 'piece', job: 'job', minute: 'hour' };

export const itemName = (item: string): string => ITEMS[item] ?? (item.startsWith('other:') ? item.slice(6) : item);

/** "12,000 × $0.05 / sheet": staff time is counted in minutes but priced per hour, and says so. */
export function lineFormula(l: DocLine): string {
  const qty = l.quantity.toLocaleString('en-US');
  if (l.unit === 'minute') return `${qty} min × ${formatRate(l.rateCents)} / hour`;
  return `${qty} × ${formatRate(l.rateCents)}${l.unit ? ` / ${UNITS[l.unit] ?? l.unit}` : ''}`;
}

/** Lower-left corner of the chain head's QR code on page 1 (top right, inside the margins). */
export const headCorner = (side: number): { x: number; y: number } => ({ x: 562 - side, y: 770 - side });

/**
 * The PDF of an issued document, drawn from its frozen snapshot only, with fixed dates, so the same document always
 * gives the same bytes. Names are NFC and printed with the embedded (subset) Unicode font.
 */
export async function documentPdf(s: DocumentSnapshot): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(unicodeFont(), { subset: true });
  const when = new Date(`${s.issuedOn}T12:00:00Z`);
  doc.setTitle(`${TITLES[s.kind]} ${s.label}`);
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
  if (s.chainHead) drawChainHead(page, f, s.chainHead, { ...headCorner(chainHeadSide(s.chainHead)), text: 'below' });
  text(page, s.unionName, 50, 11);
  next(14);
  text(page, `Election committee${s.election ? ` — ${s.election.name}` : ''}`, 50, 10);
  next(30);
  text(page, `${TITLES[s.kind]} ${s.label}`, 50, 18, true);
  next(22);
  text(page, `Issued: ${s.issuedOn}`, 50);
  next(14);
  text(page, `Candidate: ${s.candidate.name}`, 50);
  next(14);
  if (s.election) { text(page, `Election: ${s.election.name}`, 50); next(14); }
  if (s.requestId !== null) { text(page, `Request: #${s.requestId}`, 50); next(14); }
  if (s.rateCardVersion !== null) { text(page, `Rate card version: ${s.rateCardVersion}`, 50); next(14); }
  if (s.reference) { text(page, `Corrects: ${s.reference.label}`, 50); next(14); }
  if (s.reason) { text(page, `Reason: ${s.reason.slice(0, 90)}`, 50); next(14); }
  next(10);

  if (s.lines.length > 0) {
    text(page, 'Item', 50, 9); text(page, 'Quantity × rate', 270, 9); right(page, 'Amount', 560, 9);
    next(6);
    page.drawLine({ start: { x: 50, y }, end: { x: 560, y }, thickness: 0.5 });
    next(14);
    for (const l of s.lines) {
      text(page, itemName(l.item).slice(0, 40), 50, 9);
      text(page, lineFormula(l), 270, 9);
      right(page, money(l.amountCents), 560, 9);
      next(14);
    }
    page.drawLine({ start: { x: 50, y: y + 8 }, end: { x: 560, y: y + 8 }, thickness: 0.5 });
  }
  next(6);
  text(page, 'Total', 50, 11, true);
  right(page, money(s.totalCents), 560, 11);
  next(18);
  if (s.payment) {
    text(page, `Received ${s.payment.receivedOn} by ${METHODS[s.payment.method]} ${s.payment.reference}`, 50); next(14);
    text(page, `Paid by: ${s.payment.payerName} (${PAYERS[s.payment.payerType]})`, 50); next(14);
    if (s.payment.accountHolder) { text(page, `Account holder (as written): ${s.payment.accountHolder}`, 50); next(14); }
  }
  if (s.refund) { text(page, `Paid out ${s.refund.paidOn} by ${METHODS[s.refund.method]} ${s.refund.reference}`, 50); next(14); }
  if (s.kind === 'finalInvoice' && s.quoteCents !== null) { text(page, `Quoted (prepaid estimate): ${money(s.quoteCents)}`, 50); next(14); }
  if (s.actuals) {
    text(page, `Actuals: postage ${money(s.actuals.postageCents)}, ${s.actuals.sheets.toLocaleString('en-US')} sheets, ${s.actuals.pieces.toLocaleString('en-US')} pieces`, 50);
    next(14);
  }
  text(page, `Candidate funds held after this document: ${money(s.fundsAfterCents)}`, 50); next(14);
  text(page, `Balance due after this document: ${money(s.dueAfterCents)}`, 50); next(24);
  text(page, 'Every cost of a candidate\'s mailing is paid by the candidate; no union funds are used (LMRDA 401(g)).', 50, 8);
  next(12);
  text(page, 'Issued documents are numbered without gaps and never changed; corrections are made by credit note.', 50, 8);
  return doc.save({ useObjectStreams: false });
}
