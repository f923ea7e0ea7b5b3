// Issue 15 §8, the delivery point end to end on real files: a member list with a "DPBC" column imported through the
// real commands into the encrypted vault (two digits after a ZIP+4 kept; anything else a plain row problem, nothing
// stored), the members table refusing a delivery point without a ZIP+4 even to someone writing SQL, and a production
// job whose barcodes, read off the delivered pages (decrypted with the mail house's key, rendered by pdftoppm) and
// decoded, carry ZIP + ZIP+4 + delivery point (11 digits) where the member has one, ZIP+4 (9) or ZIP (5) otherwise.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toleranceBox } from '../../../electron/merge/engine/geometry.ts';
import { geometryOf } from '../../../electron/merge/runner.ts';
import { DEFAULT_PRINT_SETTINGS } from '../../../electron/elections/print-settings.ts';
import { decodeImb, readBarsFromPixels } from '../../support/imb-decode.ts';
import { clearCopy } from '../../support/mail-house.ts';
import { csvLine } from '../../support/members.ts';
import { importList, membersVault, writeTemp } from '../members/helpers.ts';
import { buildMergeWorld, openCopy, outputFolder, waitForJob, type MergeWorld } from './world.ts';

describe('import: the delivery point column', () => {
  let made: Awaited<ReturnType<typeof membersVault>>;
  beforeAll(async () => { made = await membersVault(); }, 60_000);

  it('keeps two digits after a ZIP+4, refuses other values row by row in plain words, and stores nothing of a refused row', async () => {
    const header = ['Member ID', 'Name', 'Address', 'City', 'State', 'Zip', 'DPBC', 'Status'];
    const rows = [
      ['2001', 'Nguyễn Thị Hương', '22 Birch Ln', 'Garden Grove', 'CA', '92840-1234', '56', 'Active'],
      ['2002', 'José Muñoz', '9 Oak Ave', 'Houston', 'TX', '77036-0042', '07', 'Active'],
      ['2003', 'Trần Văn Đức', '14 Main St', 'San Jose', 'CA', '95122-1000', '', 'Active'],
      ['2004', 'Ana Peña', '5 Harbor Blvd', 'Westminster', 'CA', '92683', '12', 'Active'], // no ZIP+4
      ['2005', 'Zoë Björk', '7 Euclid St', 'Garden Grove', 'CA', '92840-1235', '5', 'Active'], // lost its zero
      ['2006', 'Lê Thị Hằng', '8 Bolsa Ave', 'Westminster', 'CA', '92683-4100', '123', 'Active'], // with a check digit
    ];
    const file = writeTemp('dp.csv', [header, ...rows].map(csvLine).join('\r\n') + '\r\n');
    const mapping = { memberId: 0, fullName: 1, address1: 2, city: 3, state: 4, zip: 5, deliveryPoint: 6, status: 7 };
    const { preview, validation, outcome } = await importList(made.client, made.backend, file, { mapping, skipInvalid: true });
    expect(preview.mapping).toEqual(mapping); // "DPBC" recognised by the mapping screen's guess
    expect(validation.problems.map((p) => [p.row, p.code, p.field])).toEqual([
      [5, 'row.deliveryPointWithoutZip4', 'deliveryPoint'],
      [6, 'row.badDeliveryPoint', 'deliveryPoint'],
      [7, 'row.badDeliveryPoint', 'deliveryPoint'],
    ]);
    expect(outcome).toMatchObject({ added: 3 });
    const db = made.backend.vault!.db;
    expect(db.prepare('SELECT member_id, zip4, delivery_point FROM members ORDER BY member_id').raw().all()).toEqual([
      ['2001', '1234', '56'], ['2002', '0042', '07'], ['2003', '1000', null],
    ]);
  }, 60_000);

  it('the members table itself refuses a delivery point without a ZIP+4, or one that is not two digits', () => {
    const db = made.backend.vault!.db;
    expect(() => db.prepare("UPDATE members SET delivery_point = '12' WHERE member_id = '2003' AND 0").run()).not.toThrow();
    expect(() => db.prepare("UPDATE members SET zip4 = NULL WHERE member_id = '2001'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE members SET delivery_point = '5' WHERE member_id = '2003'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE members SET delivery_point = '1A' WHERE member_id = '2003'").run()).toThrow(/CHECK/);
    expect(db.prepare("SELECT delivery_point FROM members WHERE member_id = '2003'").pluck().get()).toBeNull();
  });
});

/** Render page `page` of `file` at `dpi` (grey), cropped to the window's tolerance box and a margin, and read its bars. */
function barsOnPage(file: string, page: number, dpi: number): string {
  const box = toleranceBox(geometryOf({ ...DEFAULT_PRINT_SETTINGS, mailerId: '123456' }));
  const k = dpi / 72;
  const x = Math.floor(box.x0 * k) - 4;
  const y = Math.floor((792 - box.y1) * k) - 4;
  const w = Math.ceil((box.x1 - box.x0) * k) + 8;
  const h = Math.ceil((box.y1 - box.y0) * k) + 8;
  const r = spawnSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), '-gray', '-aaVector', 'no',
    '-x', String(x), '-y', String(y), '-W', String(w), '-H', String(h), file], { maxBuffer: 64 << 20 });
  const buf = r.stdout as Buffer;
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a PGM');
  const img = { width: Number(header[1]), height: Number(header[2]), pixels: buf.subarray(header[0].length) };
  return readBarsFromPixels(img, { x0: 0, y0: 0, x1: img.width, y1: img.height });
}

describe('production: the routing code carries the delivery point', () => {
  let world: MergeWorld;
  /** The delivery point each ZIP+4 gets in this world (none for a third of them): the printed ZIP+4 says which. */
  const dpFor = (zip4: string): string | null => (Number(zip4) % 3 === 0 ? null : String(Number(zip4) % 100).padStart(2, '0'));
  beforeAll(async () => {
    world = await buildMergeWorld({
      members: 40, seeds: 1, extra: (b) => {
        const db = b.vault!.db;
        const rows = db.prepare('SELECT id, zip4 FROM members WHERE zip4 IS NOT NULL').all() as Array<{ id: number; zip4: string }>;
        const set = db.prepare('UPDATE members SET delivery_point = ? WHERE id = ?');
        for (const r of rows) set.run(dpFor(r.zip4), r.id);
      },
    });
  }, 180_000);
  afterAll(() => undefined);

  it('every delivered piece decodes to ZIP + ZIP+4 + delivery point where the member has one (pdftoppm, 300 dpi)', async () => {
    const { client, backend } = await openCopy(world);
    const db = backend.vault!.db;
    const withDp = db.prepare('SELECT count(*) FROM members WHERE delivery_point IS NOT NULL AND active = 1 AND good_standing = 1').pluck().get() as number;
    const plus4NoDp = db.prepare('SELECT count(*) FROM members WHERE zip4 IS NOT NULL AND delivery_point IS NULL AND active = 1 AND good_standing = 1').pluck().get() as number;
    expect(withDp).toBeGreaterThan(3);
    expect(plus4NoDp).toBeGreaterThan(0);
    const folder = outputFolder(backend);
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId });
    expect((await waitForJob(client, jobId)).status).toBe('done');
    const [job] = await client.call('merge.jobs', { requestId: world.requestId });
    const lengths = { 0: 0, 5: 0, 9: 0, 11: 0 } as Record<number, number>;
    const decoded: string[] = [];
    for (const b of job!.batches) {
      const file = await clearCopy(path.join(folder, b.fileName));
      const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.split('\f');
      for (let piece = 0; piece < b.pieces; piece++) {
        const page = piece * 2 + 1; // two literature pages per piece
        const { tracking, routing } = decodeImb(barsOnPage(file, page, 300));
        expect(tracking.slice(5, 11), 'mailer ID').toBe('123456');
        // The printed last line says which ZIP and ZIP+4 this piece is; the barcode must carry exactly those and the
        // delivery point this world gave that ZIP+4.
        const last = /(\d{5})(?:-(\d{4}))?\s*$/m.exec(text[page - 1]!.trimEnd())!;
        const [zip5, zip4] = [last[1]!, last[2] ?? null];
        expect(routing).toBe(zip5 + (zip4 === null ? '' : zip4 + (dpFor(zip4) ?? '')));
        lengths[routing.length]!++;
        decoded.push(routing);
      }
    }
    expect(lengths[11]).toBe(withDp);
    expect(lengths[9]).toBe(plus4NoDp);
    expect(decoded.length).toBe(world.members + 1);
  }, 240_000);
});
