import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as F from '../../../electron/requests/literature/hostile-fixtures.ts';
import { tempDir } from '../../support/backend.ts';
import { electionVault, grantedFile, submit, tableCounts } from './helpers.ts';

// Hostile and broken literature through the real request command: a refusal names the technical rule and leaves the
// vault exactly as it was; accepted files are stored cleaned and pass qpdf and pdfinfo.
describe('literature through requests.submit', () => {
  it('refuses each broken or out-of-rule file with its rule, storing nothing', async () => {
    const v = await electionVault();
    const cases: Array<[string, () => Promise<Uint8Array> | Uint8Array, string]> = [
      ['truncated', F.truncatedPdf, 'literature.damaged'],
      ['zero pages', F.zeroPagePdf, 'literature.noPages'],
      ['not a PDF', F.pngNotPdf, 'literature.notPdf'],
      ['text file', F.textNotPdf, 'literature.notPdf'],
      ['encrypted', F.handEncryptedPdf, 'literature.encrypted'],
      ['A4 in a Letter election', F.a4Pdf, 'literature.wrongPageSize'],
      ['400 pages', () => F.manyPagesPdf(400), 'literature.tooManyPages'],
    ];
    const before = tableCounts(v.candA.backend);
    const auditBefore = (await v.chair.client.call('audit.list', { limit: 1 })).total;
    for (const [name, build, code] of cases) {
      const err = await submit(v.candA.client, v.candA.backend, v.a.id, await build()).then(() => null, (e: unknown) => e);
      expect(err, name).toMatchObject({ code });
    }
    expect(tableCounts(v.candA.backend)).toEqual(before);
    // Refusals leave no trace in the vault's records (the whole command rolled back).
    expect((await v.chair.client.call('audit.list', { limit: 1 })).total).toBe(auditBefore);
    const tooMany = await submit(v.candA.client, v.candA.backend, v.a.id, await F.manyPagesPdf(400)).catch((e: unknown) => e);
    expect(tooMany).toMatchObject({ details: { pages: 400, max: 4 } });
  });

  it('a path the user did not pick is refused', async () => {
    const v = await electionVault();
    const p = path.join(tempDir(), 'sneaky.pdf');
    fs.writeFileSync(p, await F.cleanLetterPdf());
    await expect(v.candA.client.call('requests.submit', {
      candidateId: v.a.id, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: '2026-06-01', literaturePath: p,
    })).rejects.toMatchObject({ code: 'path.notGranted' });
  });

  it('stores hostile files cleaned: JavaScript, launch actions, embedded files and forms removed; qpdf and pdfinfo agree', async () => {
    const v = await electionVault();
    const dir = tempDir('litdesk-clean-');
    for (const build of [F.javascriptPdf, F.launchPdf, F.embeddedFilePdf, F.formPdf]) {
      const r = await submit(v.staff.client, v.staff.backend, v.b.id, await build());
      expect(r.literature.removed.length, build.name).toBeGreaterThan(0);
      const row = v.chair.backend.vault!.db.prepare('SELECT l.bytes FROM literature l JOIN requests r ON r.literature_id=l.id WHERE r.id=?').get(r.id) as { bytes: Buffer };
      const file = path.join(dir, `${build.name}.pdf`);
      fs.writeFileSync(file, row.bytes);
      execFileSync('qpdf', ['--check', file]);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Pages:\s+2$/m);
      const qdf = path.join(dir, `${build.name}.qdf`);
      execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
      expect(fs.readFileSync(qdf, 'latin1')).not.toMatch(/\/(JavaScript|JS|Launch|EmbeddedFiles|AcroForm|OpenAction|SubmitForm)\b/);
    }
  });

  it('an election option not offered is refused, naming it', async () => {
    const v = await electionVault();
    await expect(v.candA.client.call('requests.submit', {
      candidateId: v.a.id, audience: { kind: 'allGoodStanding' }, channel: 'nonprofitMarketing', requestedMailingDate: '2026-06-01',
      literaturePath: grantedFile(v.candA.backend, await F.cleanLetterPdf()),
    })).rejects.toMatchObject({ code: 'requests.channelNotOffered', details: { channel: 'nonprofitMarketing' } });
  });
});
