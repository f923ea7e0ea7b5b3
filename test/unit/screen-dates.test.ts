import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDay, formatInstant } from '../../shared/domain/calendar.ts';

// Issue 14 §5: dates display in the reader's language, on the committee's calendar. Screens format every date through
// useFormat() (renderer/src/app/format.ts: UI language + session.timeZone); a date formatted any other way would be in
// the workstation's zone (or UTC) and could show tomorrow at 8 pm in Los Angeles.
const SRC = path.resolve(import.meta.dirname, '../../renderer/src');
const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

describe('dates on screens', () => {
  it('no screen formats a date itself (toLocaleString/toLocaleDateString on a Date, or its own Intl.DateTimeFormat)', () => {
    const own: string[] = [];
    for (const f of files(SRC)) {
      if (f.endsWith(path.join('app', 'format.ts'))) continue;
      fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (/new Date\([^)]*\)\.toLocale(Date|Time)?String|Intl\.DateTimeFormat|toLocaleDateString|toLocaleTimeString/.test(line)) own.push(`${path.relative(SRC, f)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(own).toEqual([]);
  });

  it('8:30 pm in Los Angeles is that evening in every language, zone named', () => {
    const at = new Date('2026-03-03T04:30:00Z'); // 2 March, 20:30 PST
    expect(formatInstant(at, 'America/Los_Angeles', 'en')).toBe('Mar 2, 2026, 8:30 PM PST');
    expect(formatInstant(at, 'America/Los_Angeles', 'es')).toMatch(/^2 mar 2026, 8:30\sp\.\s?m\. PST$/);
    expect(formatInstant(at, 'America/Los_Angeles', 'vi')).toContain('2 thg 3, 2026');
    expect(formatInstant(at, 'Pacific/Honolulu', 'en')).toContain('Mar 2, 2026, 6:30 PM HST');
    expect(formatInstant(at, 'America/New_York', 'es')).toMatch(/^2 mar 2026, 11:30\sp\.\s?m\./);
    expect(formatDay('2026-03-02', 'es')).toBe('2 de marzo de 2026');
    expect(formatDay('2026-03-02', 'vi')).toBe('2 tháng 3, 2026');
  });
});
