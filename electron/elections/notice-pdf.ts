import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { RateCard } from '../../shared/api/commands/elections.ts';
import type { Head } from '../../shared/domain/chain-head.ts';
import { chainHeadSide, drawChainHead } from '../pdf/chain-head.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';

export type NoticeContent = {
  unionName: string; electionName: string; candidateName: string; office: string;
  version: number; publishedAt: string; previousVersion: number | null; card: RateCard; channels: string[];
  /** The audit chain head when the notice was issued (absent on notices issued before heads were recorded). */
  chainHead?: Head | null;
};

import { formatRate as rate } from '../../shared/domain/money.ts';

const MAIL_CLASS_NAMES: Record<string, string> = {
  firstClass: 'First-Class Mail', marketing: 'USPS Marketing Mail', nonprofitMarketing: 'USPS Marketing Mail (nonprofit)',
};

/** The rows of a rate card in the order the notice prints them, with their unit. */
export function rateCardRows(card: RateCard, channels: string[]): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Paper, per sheet', rate(card.paperPerSheetCents)],
    ['Printing, per printed side', rate(card.printPerSideCents)],
    ['Envelope, per piece', rate(card.envelopeCents)],
    ['Inserting, per piece', rate(card.insertingCents)],
  ];
  for (const c of channels) {
    const cents = card.postageCents[c as keyof RateCard['postageCents']];
    if (cents !== undefined) rows.push([`Postage, ${MAIL_CLASS_NAMES[c] ?? c}, per piece`, rate(cents)]);
  }
  rows.push(['Handling, per job', rate(card.handlingPerJobCents)]);
  rows.push(['Staff time, per hour', rate(card.staffHourCents)]);
  rows.push(['Staff time billed per job', `${card.staffSetupMinutesPerJob} min + ${card.staffMinutesPer1000} min per 1,000 pieces`]);
  for (const o of card.other) rows.push([`${o.name}, per ${o.per}`, rate(o.cents)]);
  return rows;
}

/**
 * A printable notice of a rate card version, addressed to one candidate. DejaVu Sans is embedded (subset) so names
 * with diacritics print exactly as registered.
 */
export async function rateCardNoticePdf(n: NoticeContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(unicodeFont(), { subset: true, customName: 'LitDeskDejaVuSans' });
  doc.setTitle(`Rate card notice, version ${n.version}`);
  doc.setProducer('LitDesk');
  const page = doc.addPage([612, 792]);
  if (n.chainHead) drawChainHead(page, font, n.chainHead, { x: 540 - chainHeadSide(n.chainHead), y: 760 - chainHeadSide(n.chainHead), text: 'below' });
  let y = 720;
  const line = (text: string, size = 11, x = 72): void => { draw(page, font, text, x, y, size); y -= size + 7; };
  line(n.unionName, 10);
  line(`Election committee — ${n.electionName}`, 10);
  y -= 10;
  line(`Notice of rate card, version ${n.version}`, 16);
  line(`Published ${n.publishedAt.slice(0, 10)}${n.previousVersion ? ` (replaces version ${n.previousVersion})` : ''}`, 10);
  y -= 6;
  line(`To: ${n.candidateName.normalize('NFC')}, ${n.office}`, 11);
  y -= 6;
  for (const t of [
    'The committee sends this notice to every candidate of the election, on the same day, with the same terms.',
    'Every cost of a mailing is on this card and is billed to the candidate: union money, staff time and',
    'equipment never pay for campaign literature. Quotes name the rate card version they use.',
  ]) line(t, 9);
  y -= 10;
  for (const [label, value] of rateCardRows(n.card, n.channels)) {
    draw(page, font, label, 72, y, 11);
    draw(page, font, value, 360, y, 11);
    page.drawLine({ start: { x: 72, y: y - 4 }, end: { x: 540, y: y - 4 }, thickness: 0.3, color: rgb(0.7, 0.7, 0.7) });
    y -= 20;
  }
  return doc.save({ useObjectStreams: false });
}

function draw(page: PDFPage, font: PDFFont, text: string, x: number, y: number, size: number): void {
  page.drawText(text.normalize('NFC'), { x, y, size, font, color: rgb(0, 0, 0) });
}
