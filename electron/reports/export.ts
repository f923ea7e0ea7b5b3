import crypto from 'node:crypto';
import type { ExportedFile, reportsCommands } from '../../shared/api/commands/reports.ts';
import type { ParsedInputOf } from '../../shared/api/command.ts';
import { AppError } from '../../shared/api/errors.ts';
import { toCsv, type CsvValue } from '../../shared/domain/csv.ts';
import { anchorHead } from '../audit/anchors.ts';
import { auditHead } from '../audit/log.ts';
import { verifyTrail } from '../audit/witness.ts';
import type { HandlerContext } from '../core/context.ts';
import { auditCsvRows, auditJsonl } from './audit-export.ts';
import { equalTreatmentReport } from './equal-treatment.ts';
import { reportPdf } from './pdf.ts';
import { equalCsvRows, equalPdfSpec } from './render-equal.ts';
import { spendCsvRows, spendPdfSpec } from './render-spend.ts';
import { spendReport } from './spend.ts';
import { makeStamp } from './stamp.ts';
import { committeeDay } from '../users/calendar.ts';
import { readerFor } from '../users/language.ts';
import { documentText, type DocText } from '../../shared/i18n/documents.ts';
import type { Language } from '../../shared/i18n/language.ts';

/** A report PDF is read by the user who asks for it: their language, the committee's calendar. */
const readerText = (ctx: HandlerContext, asked: Language | undefined): DocText => documentText(readerFor(ctx.db, { asked, userId: ctx.user.id }));

type ExportInput = ParsedInputOf<(typeof reportsCommands)['reports.export']>;

export const sha256Hex = (b: Uint8Array): string => crypto.createHash('sha256').update(b).digest('hex');

/**
 * CSV with a last line that states the SHA-256 of every byte before it, so a copy checks itself
 * (`head -n -1 file.csv | sha256sum`); the hash of the whole file is in the audit entry.
 */
export function stampedCsv(rows: CsvValue[][]): Uint8Array {
  const body = Buffer.from(toCsv(rows), 'utf8');
  return Buffer.concat([body, Buffer.from(`sha256 of the bytes above,${sha256Hex(body)}\r\n`, 'utf8')]);
}

const slug = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 40) || 'election';

const MIME = { csv: 'text/csv', pdf: 'application/pdf', jsonl: 'application/x-ndjson' } as const;

/** Builds the file from the vault as it is now, hashes it, and records the export in the same transaction. */
export async function exportReport(ctx: HandlerContext, input: ExportInput): Promise<ExportedFile> {
  const db = ctx.db;
  const generatedAt = ctx.now().toISOString();
  const chainHead = auditHead(db);
  const stamp = makeStamp(generatedAt, chainHead);
  // File names carry the committee's day: a report made at 8 pm in Los Angeles is not named tomorrow.
  const day = committeeDay(db, ctx.now());
  let body: Uint8Array;
  let fileName: string;
  let extra: Record<string, unknown>;
  if (input.report === 'audit') {
    const verdict = verifyTrail(db);
    extra = { verified: verdict.ok, firstBroken: verdict.firstBroken };
    body = input.format === 'jsonl' ? Buffer.from(auditJsonl(db), 'utf8') : stampedCsv(auditCsvRows(db));
    fileName = `audit-trail-${day}-to-${chainHead.seq}.${input.format}`;
  } else if (input.report === 'spend') {
    const r = spendReport(db, input.electionId, generatedAt, chainHead);
    extra = { electionId: input.electionId, unionFundsCents: r.unionFunds.chargedCents };
    body = input.format === 'csv' ? stampedCsv(spendCsvRows(r, stamp)) : await reportPdf(spendPdfSpec(r, stamp, readerText(ctx, input.language)), chainHead);
    fileName = `spend-${slug(r.election.name)}-${day}.${input.format}`;
  } else {
    const r = equalTreatmentReport(db, input.electionId, generatedAt, chainHead);
    extra = { electionId: input.electionId, differences: r.differences.length, unexplained: r.differences.filter((d) => d.reason === null).length };
    body = input.format === 'csv' ? stampedCsv(equalCsvRows(r, stamp)) : await reportPdf(equalPdfSpec(r, stamp, readerText(ctx, input.language)), chainHead);
    fileName = `equal-treatment-${slug(r.election.name)}-${day}.${input.format}`;
  }
  const sha256 = sha256Hex(body);
  // The head this file carries (printed on a PDF, the last entry of an audit export) is recorded as issued.
  const anchored = anchorHead(db, { kind: input.report === 'audit' ? 'auditExport' : 'report', document: fileName, at: ctx.now(), by: ctx.user.id });
  if (anchored.seq !== chainHead.seq) throw new AppError('reports.auditRace', 'The audit trail moved while the report was built. Try again.');
  ctx.audit({
    action: 'reports.export', target: input.report,
    details: { report: input.report, format: input.format, fileName, bytes: body.byteLength, sha256, generatedAt, chainHead, ...extra },
  });
  const after = auditHead(db);
  // The file names its own audit entry; if anything else wrote in between, the file would point at the wrong one.
  if (after.seq !== stamp.auditSeq) throw new AppError('reports.auditRace', 'The audit trail moved while the report was built. Try again.');
  return {
    fileName, mime: MIME[input.format], base64: Buffer.from(body).toString('base64'), bytes: body.byteLength,
    sha256, generatedAt, chainHead, auditSeq: after.seq,
  };
}
