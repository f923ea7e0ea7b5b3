import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAILER_ID_RE } from '../../../shared/api/commands/elections.ts';
import {
  encodeImb,
  imbBarsFromCharacters,
  imbBinaryData,
  imbCharacters,
  imbCodewords,
  imbFrameCheckSequence,
  imbLimbsForTest,
  imbTrackingCode,
} from '../../../shared/domain/imb/imb.ts';
import { BAR_SOURCES, TABLE_2_OF_13, TABLE_5_OF_13 } from '../../../shared/domain/imb/tables.ts';

const TRACKING = '01234567094987654321';

// USPS-B-3200 Appendix (worked examples): routing code -> intermediate values and the 65 bars.
const EXAMPLES = [
  {
    routing: '',
    binary: 0x00000000001122103b5c2004b1n,
    fcs: 0x051,
    codewords: [0, 0, 0, 0, 559, 202, 508, 451, 124, 17],
    bars: 'ATTFATTDTTADTAATTDTDTATTDAFDDFADFDFTFFFFFTATFAAAATDFFTDAADFTFDTDT',
  },
  {
    routing: '01234',
    binary: 0x0000000d138a87bab5cf3804b1n,
    fcs: 0x065,
    codewords: [0, 0, 15, 14, 290, 567, 385, 48, 388, 333],
    bars: 'DTTAFADDTTFTDTFTFDTDDADADAFADFATDDFTAAAFDTTADFAAATDFDTDFADDDTDFFT',
  },
  {
    routing: '012345678',
    binary: 0x000202bdc097711204d21804b1n,
    fcs: 0x606,
    codewords: [0, 110, 1113, 1363, 198, 413, 470, 468, 1333, 513],
    bars: 'ADFTTAFDTTTTFATTADTAAATFTFTATDAAAFDDADATATDTDTTDFDTDATADADTDFFTFA',
  },
  {
    routing: '01234567891',
    binary: 0x016907b2a24abc16a2e5c004b1n,
    fcs: 0x751,
    codewords: [14, 787, 607, 1022, 861, 19, 816, 1294, 35, 301],
    bars: 'AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA',
  },
] as const;

describe('Intelligent Mail barcode: the specification worked examples', () => {
  for (const example of EXAMPLES) {
    it(`routing "${example.routing}" gives the published 65 bars`, () => {
      expect(encodeImb(TRACKING, example.routing)).toEqual({ ok: true, value: example.bars });
    });

    it(`routing "${example.routing}": binary data, CRC-11 and codewords match the published steps`, () => {
      const binary = imbBinaryData(TRACKING, example.routing);
      expect(binary).toBe(example.binary);
      const fcs = imbFrameCheckSequence(binary);
      expect(fcs).toBe(example.fcs);
      const words = imbCodewords(binary, fcs);
      const expected: number[] = [...example.codewords];
      expected[9] = expected[9]! * 2;
      if (fcs & 0x400) expected[0] = expected[0]! + 659;
      expect(words).toEqual(expected);
    });
  }

  it('example 4: orientation, FCS bit and characters before and after the FCS inversion (Table 16)', () => {
    const binary = imbBinaryData(TRACKING, '01234567891');
    const fcs = imbFrameCheckSequence(binary);
    const words = imbCodewords(binary, fcs);
    expect(words).toEqual([673, 787, 607, 1022, 861, 19, 816, 1294, 35, 602]);
    const raw = imbCharacters(words, 0);
    expect(raw).toEqual([0x1234, 0x085c, 0x08e4, 0x0b06, 0x1922, 0x1740, 0x0839, 0x1200, 0x0dc0, 0x04d4]);
    const negated = imbCharacters(words, fcs);
    expect(negated).toEqual([0x0dcb, 0x085c, 0x08e4, 0x0b06, 0x06dd, 0x1740, 0x17c6, 0x1200, 0x123f, 0x1b2b]);
    expect(imbBarsFromCharacters(negated)).toBe(EXAMPLES[3].bars);
  });

  it('the CRC of all-zero data is 0x6E0 (the preset shifted through 102 zero bits)', () => {
    expect(imbFrameCheckSequence(0n)).toBe(0x6e0);
  });
});

describe('Intelligent Mail barcode: generated tables', () => {
  it('the 5-of-13 table has 1287 distinct values with five bits set, the 2-of-13 table 78 with two', () => {
    const check = (table: Uint16Array, length: number, bits: number): void => {
      expect(table.length).toBe(length);
      expect(new Set(table).size).toBe(length);
      for (const value of table) {
        expect(value).toBeLessThan(8192);
        expect(value.toString(2).replaceAll('0', '').length).toBe(bits);
      }
    };
    check(TABLE_5_OF_13, 1287, 5);
    check(TABLE_2_OF_13, 78, 2);
    // The specification's table starts with a value and its bit-reverse: 0x001F, 0x1F00, 0x002F, 0x1E80.
    expect([...TABLE_5_OF_13.slice(0, 4)]).toEqual([0x001f, 0x1f00, 0x002f, 0x1e80]);
    expect([...TABLE_2_OF_13.slice(0, 2)]).toEqual([0x0003, 0x1800]);
  });

  it('the bar table uses each of the 130 character bits exactly once', () => {
    expect(BAR_SOURCES.length).toBe(65);
    const seen = new Set<string>();
    for (const bar of BAR_SOURCES) {
      seen.add(`${bar.descenderCharacter}:${bar.descenderBit}`);
      seen.add(`${bar.ascenderCharacter}:${bar.ascenderBit}`);
    }
    expect(seen.size).toBe(130);
  });
});

describe('Intelligent Mail barcode: input validation', () => {
  it.each([
    ['19 digits', '0123456709498765432'],
    ['21 digits', '012345670949876543210'],
    ['second digit 5', '05234567094987654321'],
    ['a letter', '0123456709498765432A'],
    ['spaces', '01 234 567094 987654321'],
    ['empty', ''],
  ])('refuses a tracking code with %s', (_label, tracking) => {
    expect(encodeImb(tracking, '')).toEqual({ ok: false, problems: [{ field: 'tracking', code: 'imb.badTracking' }] });
  });

  it.each(['1234', '123456', '0123456789', '012345678912', '0123A', '01234-5678'])(
    'refuses routing code %j',
    (routing) => {
      expect(encodeImb(TRACKING, routing)).toEqual({
        ok: false,
        problems: [{ field: 'routing', code: 'imb.badRouting' }],
      });
    },
  );

  it('reports both problems at once', () => {
    const result = encodeImb('x', '1');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.code)).toEqual(['imb.badTracking', 'imb.badRouting']);
  });

  it('accepts the highest routing and tracking values (the 102 bits do not overflow)', () => {
    const result = encodeImb('94999999999999999999', '99999999999');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatch(/^[ADTF]{65}$/);
    expect(imbBinaryData('94999999999999999999', '99999999999') < 1n << 102n).toBe(true);
  });
});

describe('imbTrackingCode', () => {
  it('builds the specification example from its parts (6-digit mailer ID, 9-digit serial)', () => {
    expect(imbTrackingCode({ barcodeId: '01', serviceType: '234', mailerId: '567094', serial: '987654321' })).toEqual({
      ok: true,
      value: TRACKING,
    });
  });

  it('pads the serial: 9 digits after a 6-digit mailer ID, 6 after a 9-digit one', () => {
    expect(imbTrackingCode({ barcodeId: '00', serviceType: '300', mailerId: '123456', serial: 42 })).toEqual({
      ok: true,
      value: '00300123456000000042',
    });
    expect(imbTrackingCode({ barcodeId: '00', serviceType: '300', mailerId: '912345678', serial: '42' })).toEqual({
      ok: true,
      value: '00300912345678000042',
    });
  });

  it('refuses bad parts with one code per field', () => {
    const result = imbTrackingCode({ barcodeId: '05', serviceType: '12', mailerId: '12345', serial: '1234567890' });
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'barcodeId', code: 'imb.badBarcodeId' },
        { field: 'serviceType', code: 'imb.badServiceType' },
        { field: 'mailerId', code: 'imb.badMailerId' },
        { field: 'serial', code: 'imb.badSerial' },
      ],
    });
  });

  it('keeps the mailer ID ranges apart: 6 digits below 900000, 9 digits from 900000000', () => {
    const parts = { barcodeId: '00', serviceType: '300', serial: 1 };
    expect(imbTrackingCode({ ...parts, mailerId: '912345' }).ok).toBe(false);
    expect(imbTrackingCode({ ...parts, mailerId: '812345678' }).ok).toBe(false);
    expect(imbTrackingCode({ ...parts, mailerId: '912345678', serial: 1_234_567 }).ok).toBe(false);
    expect(imbTrackingCode({ ...parts, mailerId: '123456', serial: -1 }).ok).toBe(false);
    expect(imbTrackingCode({ ...parts, mailerId: '123456', serial: 1.5 }).ok).toBe(false);
  });

  it('refuses the all-zero mailer ID a settings placeholder would leave (USPS never assigns it)', () => {
    const parts = { barcodeId: '00', serviceType: '300', serial: 1 };
    expect(imbTrackingCode({ ...parts, mailerId: '000000' })).toEqual({ ok: false, problems: [{ field: 'mailerId', code: 'imb.badMailerId' }] });
    expect(imbTrackingCode({ ...parts, mailerId: '000001' }).ok).toBe(true);
    for (const id of ['000000', '000000000', '912345', '812345678', '12345', '1234567']) expect(MAILER_ID_RE.test(id), id).toBe(false);
    for (const id of ['000001', '123456', '899999', '900000000', '999999999']) expect(MAILER_ID_RE.test(id), id).toBe(true);
  });
});

describe('Intelligent Mail barcode: the number-limb encoder equals the BigInt reference', () => {
  // encodeImb runs steps 1-4 on 26-bit limbs (a production job encodes a million barcodes); the BigInt functions are
  // the reference, checked against the specification's examples above.
  const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
  const tracking = fc.tuple(fc.constantFrom(...'0123456789'), fc.constantFrom(...'01234'), digits(18)).map(([a, b, c]) => a + b + c);
  const routing = fc.oneof(fc.constant(''), digits(5), digits(9), digits(11), fc.constantFrom('00000', '99999', '999999999', '99999999999', '00000000000'));
  it('binary data, CRC-11, codewords and bars agree for any tracking and routing code', () => {
    const { binaryLimbs, limbsFrameCheckSequence, limbsCodewords, toBigInt } = imbLimbsForTest;
    fc.assert(fc.property(tracking, routing, (t, r) => {
      const reference = imbBinaryData(t, r);
      const limbs = binaryLimbs(t, r);
      expect(toBigInt(limbs)).toBe(reference);
      const fcs = imbFrameCheckSequence(reference);
      expect(limbsFrameCheckSequence(limbs)).toBe(fcs);
      const words = imbCodewords(reference, fcs);
      expect(limbsCodewords(limbs, fcs)).toEqual(words);
      expect(encodeImb(t, r)).toEqual({ ok: true, value: imbBarsFromCharacters(imbCharacters(words, fcs)) });
    }), { numRuns: 5000, seed: 2026 });
    // The largest values: every limb carries.
    expect(toBigInt(binaryLimbs('94999999999999999999', '99999999999'))).toBe(imbBinaryData('94999999999999999999', '99999999999'));
  });
});
