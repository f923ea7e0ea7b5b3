import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { detectEncoding } from '../../../electron/members/import/index.ts';
import { isValidUtf8, looksLikeText, decodeSample } from '../../../electron/members/import/encoding.ts';
import { Corpus, SPANISH, VIETNAMESE } from './corpus.ts';
import { readAll } from './helpers.ts';

describe('detectEncoding', () => {
  it('reads byte-order marks first', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf8bom');
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toBe('utf16le');
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]))).toBe('utf16be');
  });
  it('tells UTF-8 from Windows-1252', () => {
    expect(detectEncoding(Buffer.from('Nguyễn Thị Hương,José', 'utf8'))).toBe('utf8');
    expect(detectEncoding(iconv.encode('José Muñoz Peña', 'windows-1252'))).toBe('windows1252');
    expect(detectEncoding(Buffer.from('plain ascii'))).toBe('utf8');
  });
  it('finds UTF-16 without a BOM by its NUL pattern', () => {
    expect(detectEncoding(iconv.encode('Member ID,Name\r\n1,Ana\r\n', 'utf-16le'))).toBe('utf16le');
    expect(detectEncoding(iconv.encode('Member ID,Name\r\n1,Ana\r\n', 'utf-16be'))).toBe('utf16be');
  });
  it('accepts a UTF-8 sample cut in the middle of a character', () => {
    const buf = Buffer.from('abc Hương', 'utf8');
    expect(isValidUtf8(buf.subarray(0, buf.length - 1))).toBe(true);
    expect(isValidUtf8(Buffer.from([0x61, 0xe9, 0x62]))).toBe(false);
  });
  it('calls binary bytes not text', () => {
    expect(looksLikeText(decodeSample(Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3, 4]), 'windows1252'))).toBe(false);
    expect(looksLikeText('Member ID\tName\r\n1\tAna\r\n')).toBe(true);
  });
});

describe('names are decoded exactly', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await Corpus.create();
  });
  afterAll(() => corpus.remove());

  for (const kind of ['utf8', 'utf8Bom', 'utf16le', 'utf16leNoBom', 'utf16be', 'utf8Nfd'] as const) {
    it(`Nguyễn Thị Hương from ${kind}`, async () => {
      const { members, report } = await readAll(await corpus[kind]());
      expect(report.fatal).toBeUndefined();
      expect(members[0]!.lastName).toBe(VIETNAMESE.last);
      expect(members[0]!.firstName).toBe(VIETNAMESE.first);
      expect(members[0]!.lastName.normalize('NFC')).toBe(members[0]!.lastName);
      expect(report.headers[0]).toBe('Member ID'); // no BOM left on the first header
      expect(members).toHaveLength(2);
    });
  }

  it('José Muñoz Peña from Windows-1252', async () => {
    const { members, report } = await readAll(await corpus.windows1252());
    expect(report.encoding).toBe('windows1252');
    expect(members[0]!.fullName).toBe(`${SPANISH.first} ${SPANISH.last}`);
    expect(members[0]!.city).toBe('San José');
  });

  it('the encoding can be overridden, and a wrong choice shows up as bad-encoding rows', async () => {
    const path = await corpus.windows1252();
    const forced = await readAll(path, { encoding: 'utf8' });
    expect(forced.report.encoding).toBe('utf8');
    expect(forced.report.problems).toContainEqual({ row: 2, code: 'row.badEncoding', field: 'firstName' });
    const latin = await readAll(await corpus.utf8(), { encoding: 'windows1252' });
    expect(latin.members[0]!.lastName).not.toBe(VIETNAMESE.last); // mojibake, as asked
  });
});
