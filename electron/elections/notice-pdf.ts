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

import { documentText, plainChannel, type DocText, type Reader } from '../../shared/i18n/documents.ts';
import { wrapText } from '../pdf/wrap.ts';

const ENGLISH = documentText({ lang: 'en', tz: 'UTC' });

/** The rows of a rate card in the order the notice prints them, with their unit, in the reader's language. */
export function rateCardRows(card: RateCard, channels: string[], d: DocText = ENGLISH): Array<[string, string]> {
  const money = d.rate;
  const rows: Array<[string, string]> = [];
  rows.push([d.t('notice.paper'), money(card.paperPerSheetCents)], [d.t('notice.printing'), money(card.printPerSideCents)],
    [d.t('notice.envelope'), money(card.envelopeCents)], [d.t('notice.inserting'), money(card.insertingCents)]);
  for (const c of channels) {
    const cents = card.postageCents[c as keyof RateCard['postageCents']];
    if (cents !== undefined) rows.push([d.t('notice.postage', { channel: plainChannel(d, c) }), money(cents)]);
  }
  if (channels.includes('email') && card.email) {
    rows.push([d.t('notice.emailMessage'), money(card.email.perMessageCents)], [d.t('notice.emailJob'), money(card.email.perJobCents)]);
  }
  rows.push([d.t('notice.handling'), money(card.handlingPerJobCents)]);
  rows.push([d.t('notice.staffHour'), money(card.staffHourCents)]);
  const minutes = (n: number) => d.t('count.minutes', { count: n, n: d.num(n) });
  rows.push([d.t('notice.staffBilled'), d.t('notice.staffMinutes', { setup: minutes(card.staffSetupMinutesPerJob), per1000: minutes(card.staffMinutesPer1000) })]);
  for (const o of card.other) rows.push([o.name, d.t(['sheet', 'piece', 'job'].includes(o.per) ? `per.${o.per}` : 'per.other', { amount: money(o.cents), unit: o.per })]);
  return rows;
}

/**
 * A printable notice of a rate card version, addressed to one candidate. DejaVu Sans is embedded (subset) so names
 * with diacritics print exactly as registered.
 */
export async function rateCardNoticePdf(n: NoticeContent, reader: Reader = { lang: 'en', tz: 'UTC' }): Promise<Uint8Array> {
  const d = documentText(reader);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(unicodeFont(), { subset: true, customName: 'LitDeskDejaVuSans' });
  doc.setTitle(d.t('notice.title', { version: n.version }));
  doc.setLanguage(d.locale);
  doc.setProducer('LitDesk');
  const page = doc.addPage([612, 792]);
  if (n.chainHead) drawChainHead(page, font, n.chainHead, { x: 540 - chainHeadSide(n.chainHead), y: 760 - chainHeadSide(n.chainHead), text: 'below', label: (head) => d.t('common.chainHead', { head }) });
  let y = 720;
  const line = (text: string, size = 11, x = 72): void => { draw(page, font, text, x, y, size); y -= size + 7; };
  line(n.unionName, 10);
  line(d.t('common.committeeOf', { election: n.electionName }), 10);
  y -= 10;
  line(d.t('notice.title', { version: n.version }), 16);
  const published = d.day(n.publishedAt.slice(0, 10));
  line(n.previousVersion ? d.t('notice.publishedReplaces', { date: published, previous: n.previousVersion }) : d.t('notice.published', { date: published }), 10);
  y -= 6;
  line(d.t('notice.to', { name: n.candidateName.normalize('NFC'), office: n.office }), 11);
  y -= 6;
  for (const t of wrapText(font, d.t('notice.body'), 468, 9)) line(t, 9);
  y -= 10;
  for (const [label, value] of rateCardRows(n.card, n.channels, d)) {
    draw(page, font, label, 72, y, label.length > 40 ? 9 : 11);
    draw(page, font, value, 360, y, value.length > 30 ? 9 : 11);
    page.drawLine({ start: { x: 72, y: y - 4 }, end: { x: 540, y: y - 4 }, thickness: 0.3, color: rgb(0.7, 0.7, 0.7) });
    y -= 20;
  }
  return doc.save({ useObjectStreams: false });
}

function draw(page: PDFPage, font: PDFFont, text: string, x: number, y: number, size: number): void {
  page.drawText(text.normalize('NFC'), { x, y, size, font, color: rgb(0, 0, 0) });
}
