// USPS state and territory codes (Publication 28, appendix B), including military "states" and the
// freely associated states, which USPS delivers to as domestic mail.

const STATES: ReadonlyArray<readonly [string, string]> = [
  ['AL', 'Alabama'], ['AK', 'Alaska'], ['AZ', 'Arizona'], ['AR', 'Arkansas'], ['CA', 'California'],
  ['CO', 'Colorado'], ['CT', 'Connecticut'], ['DE', 'Delaware'], ['DC', 'District of Columbia'],
  ['FL', 'Florida'], ['GA', 'Georgia'], ['HI', 'Hawaii'], ['ID', 'Idaho'], ['IL', 'Illinois'],
  ['IN', 'Indiana'], ['IA', 'Iowa'], ['KS', 'Kansas'], ['KY', 'Kentucky'], ['LA', 'Louisiana'],
  ['ME', 'Maine'], ['MD', 'Maryland'], ['MA', 'Massachusetts'], ['MI', 'Michigan'], ['MN', 'Minnesota'],
  ['MS', 'Mississippi'], ['MO', 'Missouri'], ['MT', 'Montana'], ['NE', 'Nebraska'], ['NV', 'Nevada'],
  ['NH', 'New Hampshire'], ['NJ', 'New Jersey'], ['NM', 'New Mexico'], ['NY', 'New York'],
  ['NC', 'North Carolina'], ['ND', 'North Dakota'], ['OH', 'Ohio'], ['OK', 'Oklahoma'], ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'], ['RI', 'Rhode Island'], ['SC', 'South Carolina'], ['SD', 'South Dakota'],
  ['TN', 'Tennessee'], ['TX', 'Texas'], ['UT', 'Utah'], ['VT', 'Vermont'], ['VA', 'Virginia'],
  ['WA', 'Washington'], ['WV', 'West Virginia'], ['WI', 'Wisconsin'], ['WY', 'Wyoming'],
  ['AS', 'American Samoa'], ['GU', 'Guam'], ['MP', 'Northern Mariana Islands'], ['PR', 'Puerto Rico'],
  ['VI', 'Virgin Islands'], ['FM', 'Federated States of Micronesia'], ['MH', 'Marshall Islands'],
  ['PW', 'Palau'], ['AA', 'Armed Forces Americas'], ['AE', 'Armed Forces Europe'], ['AP', 'Armed Forces Pacific'],
];

const BY_CODE = new Set(STATES.map(([c]) => c));
const BY_NAME = new Map(STATES.map(([c, n]) => [n.toLowerCase(), c]));
BY_NAME.set('us virgin islands', 'VI');
BY_NAME.set('washington dc', 'DC');
BY_NAME.set('washington d c', 'DC');

/** Two-letter code for a code or a spelled-out name ("ma", "Massachusetts", "N.Y."), or null. */
export function stateCode(value: string): string | null {
  const v = value.trim();
  if (v.length === 0) return null;
  const compact = v.replace(/\./g, '').toUpperCase();
  if (compact.length === 2 && BY_CODE.has(compact)) return compact;
  const name = v.toLowerCase().replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  return BY_NAME.get(name) ?? null;
}

/** States whose ZIP codes start with 0: only there may a 4-digit ZIP be a 5-digit ZIP that lost its zero. */
export const ZERO_ZIP_STATES: ReadonlySet<string> = new Set(['CT', 'MA', 'ME', 'NH', 'NJ', 'NY', 'PR', 'RI', 'VT', 'VI', 'AE']);
