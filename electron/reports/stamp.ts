import type { ChainHead } from '../../shared/api/commands/reports.ts';

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
