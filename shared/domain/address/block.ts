// The printed address block: name, any lines above the delivery line, the delivery line, the last line.
import { nameLine } from './name.ts';
import type { Pub28Address } from './pub28.ts';

/** Publication 28 recommends at most 40 characters per address line. */
export const PUB28_MAX_LINE = 40;

export interface AddressBlockProblem {
  /** Index into `lines`. */
  line: number;
  code: 'address.lineTooLong';
}

export interface AddressBlock {
  lines: string[];
  /** Lines still longer than 40 characters; they are printed whole, never cut, so staff can check them. */
  problems: AddressBlockProblem[];
}

/**
 * Lines of the printed block. A delivery line over 40 characters has its secondary unit moved to its own line
 * directly above it, which Publication 28 allows; a line that is still too long is kept whole and flagged.
 */
export function addressBlockLines(name: string, address: Pub28Address): AddressBlock {
  const lines: string[] = [];
  const person = nameLine(name);
  if (person.length > 0) lines.push(person);
  lines.push(...(address.above ?? []));
  const { delivery, secondary } = address;
  if (delivery.length > PUB28_MAX_LINE && secondary !== undefined && delivery.endsWith(` ${secondary}`)) {
    lines.push(secondary, delivery.slice(0, delivery.length - secondary.length - 1));
  } else {
    lines.push(delivery);
  }
  lines.push(address.lastLine);
  const problems: AddressBlockProblem[] = [];
  lines.forEach((line, i) => {
    // Code points, not UTF-16 units: "Nguyễn" is six characters on paper.
    if ([...line].length > PUB28_MAX_LINE) problems.push({ line: i, code: 'address.lineTooLong' });
  });
  return { lines, problems };
}
