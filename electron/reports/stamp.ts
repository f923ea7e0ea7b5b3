import type { ChainHead } from '../../shared/api/commands/reports.ts';
import type { DocText } from '../../shared/i18n/documents.ts';

/** Where a report came from: when, which audit chain head, and which audit entry records the export (and its hash). */
export type Stamp = { generatedAt: string; chainHead: ChainHead; auditSeq: number; footer: string };

export function makeStamp(generatedAt: string, chainHead: ChainHead): Stamp {
  const auditSeq = chainHead.seq + 1;
  return {
    generatedAt, chainHead, auditSeq,
    footer: `Generated ${generatedAt} by LitDesk from audit chain head #${chainHead.seq} ${chainHead.hash}. `
      + `Export recorded as audit entry #${auditSeq} with this file's SHA-256.`,
  };
}

export const provenance = (_r: unknown, s: Stamp): Array<{ label: string; value: string }> => [
  { label: 'generated at', value: s.generatedAt },
  { label: 'audit chain head', value: `#${s.chainHead.seq} ${s.chainHead.hash}` },
  { label: 'export recorded as audit entry', value: `#${s.auditSeq} (holds this file's SHA-256)` },
];

/** The same provenance and footer in the reader's language, the time in the committee's zone (PDFs). */
export const provenanceIn = (d: DocText, s: Stamp): string[] => [
  `${d.t('report.generatedAt')}: ${d.when(s.generatedAt)} (${s.generatedAt})`,
  `${d.t('report.chainHead')}: #${s.chainHead.seq} ${s.chainHead.hash}`,
  `${d.t('report.auditEntry')}: ${d.t('report.auditEntryValue', { seq: s.auditSeq })}`,
];
export const footerIn = (d: DocText, s: Stamp): string =>
  d.t('report.footer', { at: d.when(s.generatedAt), seq: s.chainHead.seq, hash: s.chainHead.hash, entry: s.auditSeq });
