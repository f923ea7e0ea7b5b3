// State and territory codes accepted on US mail (USPS Publication 28, Appendix B), with the spellings found in
// membership exports: full names, two-letter codes, and the older GPO abbreviations ("Calif.", "Mass.").
import { foldToAscii } from './text.ts';

const NAMES: ReadonlyArray<readonly [code: string, ...names: string[]]> = [
  ['AL', 'ALABAMA', 'ALA'],
  ['AK', 'ALASKA', 'ALAS'],
  ['AZ', 'ARIZONA', 'ARIZ'],
  ['AR', 'ARKANSAS', 'ARK'],
  ['CA', 'CALIFORNIA', 'CALIF', 'CAL'],
  ['CO', 'COLORADO', 'COLO', 'COL'],
  ['CT', 'CONNECTICUT', 'CONN'],
  ['DE', 'DELAWARE', 'DEL'],
  ['DC', 'DISTRICT OF COLUMBIA', 'WASHINGTON DC', 'DIST OF COLUMBIA', 'DIST OF COL'],
  ['FL', 'FLORIDA', 'FLA'],
  ['GA', 'GEORGIA'],
  ['HI', 'HAWAII'],
  ['ID', 'IDAHO', 'IDA'],
  ['IL', 'ILLINOIS', 'ILL'],
  ['IN', 'INDIANA', 'IND'],
  ['IA', 'IOWA'],
  ['KS', 'KANSAS', 'KANS', 'KAN'],
  ['KY', 'KENTUCKY', 'KEN', 'KENT'],
  ['LA', 'LOUISIANA'],
  ['ME', 'MAINE'],
  ['MD', 'MARYLAND'],
  ['MA', 'MASSACHUSETTS', 'MASS'],
  ['MI', 'MICHIGAN', 'MICH'],
  ['MN', 'MINNESOTA', 'MINN'],
  ['MS', 'MISSISSIPPI', 'MISS'],
  ['MO', 'MISSOURI'],
  ['MT', 'MONTANA', 'MONT'],
  ['NE', 'NEBRASKA', 'NEBR', 'NEB'],
  ['NV', 'NEVADA', 'NEV'],
  ['NH', 'NEW HAMPSHIRE'],
  ['NJ', 'NEW JERSEY'],
  ['NM', 'NEW MEXICO', 'N MEX', 'NEW MEX'],
  ['NY', 'NEW YORK'],
  ['NC', 'NORTH CAROLINA', 'N CAROLINA'],
  ['ND', 'NORTH DAKOTA', 'N DAKOTA', 'N DAK'],
  ['OH', 'OHIO'],
  ['OK', 'OKLAHOMA', 'OKLA'],
  ['OR', 'OREGON', 'ORE', 'OREG'],
  ['PA', 'PENNSYLVANIA', 'PENN', 'PENNA'],
  ['RI', 'RHODE ISLAND'],
  ['SC', 'SOUTH CAROLINA', 'S CAROLINA'],
  ['SD', 'SOUTH DAKOTA', 'S DAKOTA', 'S DAK'],
  ['TN', 'TENNESSEE', 'TENN'],
  ['TX', 'TEXAS', 'TEX'],
  ['UT', 'UTAH'],
  ['VT', 'VERMONT'],
  ['VA', 'VIRGINIA'],
  ['WA', 'WASHINGTON', 'WASH'],
  ['WV', 'WEST VIRGINIA', 'W VIRGINIA', 'W VA'],
  ['WI', 'WISCONSIN', 'WIS', 'WISC'],
  ['WY', 'WYOMING', 'WYO'],
  ['AS', 'AMERICAN SAMOA'],
  ['GU', 'GUAM'],
  ['MP', 'NORTHERN MARIANA ISLANDS', 'NORTHERN MARIANAS', 'NORTHERN MARIANA IS'],
  ['PR', 'PUERTO RICO'],
  ['VI', 'VIRGIN ISLANDS', 'US VIRGIN ISLANDS', 'VIRGIN ISLANDS OF THE US', 'UNITED STATES VIRGIN ISLANDS'],
  ['FM', 'FEDERATED STATES OF MICRONESIA', 'MICRONESIA'],
  ['MH', 'MARSHALL ISLANDS'],
  ['PW', 'PALAU'],
  // Military mail: the "state" is the armed forces region; the city is APO, FPO or DPO.
  ['AA', 'ARMED FORCES AMERICAS', 'ARMED FORCES AMERICA'],
  ['AE', 'ARMED FORCES EUROPE', 'ARMED FORCES AFRICA', 'ARMED FORCES CANADA', 'ARMED FORCES MIDDLE EAST'],
  ['AP', 'ARMED FORCES PACIFIC'],
];

const BY_SPELLING: ReadonlyMap<string, string> = new Map(
  NAMES.flatMap(([code, ...names]) => [[code, code] as const, ...names.map((name) => [name, code] as const)]),
);

/** Every code Publication 28 accepts: 50 states, DC, territories and freely associated states, military. */
export const STATE_CODES: ReadonlySet<string> = new Set(NAMES.map(([code]) => code));

/** A state as typed ("ny", "N.Y.", "New York", "Calif.") -> its two-letter code, or undefined if unknown. */
export function normaliseState(input: string): string | undefined {
  const key = foldToAscii(String(input ?? ''))
    .replace(/[.']/g, '')
    .replace(/[^A-Z]+/g, ' ')
    .trim();
  return BY_SPELLING.get(key);
}
