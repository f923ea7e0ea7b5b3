// Delimiter and line ending are decided once from the first lines so the field cap (field-cap.ts)
// and papaparse split the text in exactly the same places.

export type Delimiter = ',' | ';' | '\t';
export type Newline = '\n' | '\r\n' | '\r';

export interface CsvDialect {
  delimiter: Delimiter;
  newline: Newline;
}

export function sniffDialect(text: string): CsvDialect {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let newline: Newline | null = null;
  let inQuotes = false;
  const limit = Math.min(text.length, 65536);
  for (let i = 0; i < limit; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      inQuotes = !inQuotes;
      continue;
    }
    if (inQuotes) continue;
    if (ch === '\r' || ch === '\n') {
      // Blank leading lines do not end the header.
      const headerSeen = counts[','] + counts[';'] + counts['\t'] > 0 || /\S/.test(text.slice(0, i));
      if (newline === null) newline = ch === '\r' ? (text[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
      if (headerSeen) break;
      continue;
    }
    if (ch === ',' || ch === ';' || ch === '\t') counts[ch]++;
  }
  let delimiter: Delimiter = ',';
  if (counts[';'] > counts[delimiter]) delimiter = ';';
  if (counts['\t'] > counts[delimiter]) delimiter = '\t';
  if (newline === null) {
    const m = /\r\n|\n|\r/.exec(text);
    newline = (m?.[0] as Newline | undefined) ?? '\n';
  }
  return { delimiter, newline };
}
