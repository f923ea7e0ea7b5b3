import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMoney, parseCents } from '../../../shared/domain/money.ts';

const root = path.resolve(import.meta.dirname, '../../..');

function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(ts|tsx)$/.test(e.name)) yield p;
  }
}

describe('money (one formatter, shared/domain/money.ts)', () => {
  it('formats whole cents, keeping the sign of a credit', () => {
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(5)).toBe('$0.05');
    expect(formatMoney(-5)).toBe('-$0.05');
    expect(formatMoney(123_456)).toBe('$1,234.56');
    expect(formatMoney(-37_612)).toBe('-$376.12');
    expect(formatMoney(100_000_000_00)).toBe('$100,000,000.00');
    // LitDesk's Spanish is the United States' (es-US): dollars as US readers of Spanish write them.
    expect(formatMoney(-37_612, 'es')).toBe('-$376.12');
    expect(formatMoney(-37_612, 'es-ES')).toMatch(/^-376,12\s?US\$$/);
    expect(formatMoney(-37_612, 'vi')).toMatch(/^-376,12\s?US\$$/);
    expect(() => formatMoney(0.5)).toThrow(RangeError);
  });

  it('reads typed amounts, and nothing that is not whole cents', () => {
    expect(parseCents('12.34')).toBe(1234);
    expect(parseCents('$1,234.5')).toBe(123_450);
    expect(parseCents(' 7 ')).toBe(700);
    expect(parseCents('0.35')).toBe(35);
    for (const bad of ['0.352', '-1', '1e3', '', '.', 'abc', '12.3.4', '9'.repeat(20)]) expect(parseCents(bad), bad).toBeNull();
  });

  it('has no other copy in the app: every screen, PDF and report uses this one', () => {
    const copies = [/currency:\s*'USD'/, /\/\s*100\)\.toLocaleString/, /\/\s*100\)\.toFixed\(2\)/, /%\s*100\)\.padStart\(2/];
    const found: string[] = [];
    for (const dir of ['electron', 'renderer/src', 'shared']) {
      for (const file of sources(path.join(root, dir))) {
        if (file.endsWith(path.join('shared', 'domain', 'money.ts'))) continue;
        const text = fs.readFileSync(file, 'utf8');
        for (const re of copies) if (re.test(text)) found.push(`${path.relative(root, file)}: ${re}`);
      }
    }
    expect(found, 'format money with formatMoney from shared/domain/money.ts').toEqual([]);
  });
});
