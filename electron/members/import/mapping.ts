import { looksLikeSsnHeader } from './ssn.ts';
import type { ColumnMapping, DropReason, DroppedColumn, MappedField } from './types.ts';

// Header spellings seen in union office exports, compared after lower-casing and turning punctuation into spaces
// ("Member #" -> "member #", "E-mail" -> "e mail"). Earlier spellings win when a file has several candidates.
const SPELLINGS: ReadonlyArray<readonly [MappedField, readonly string[]]> = [
  ['memberId', ['member id', 'member #', 'member no', 'member number', 'memberid', 'member num', 'mbr id', 'mbr #',
    'mbr no', 'id', 'id #', 'id number', 'union id', 'card number', 'card #']],
  ['firstName', ['first name', 'firstname', 'first', 'given name', 'fname', 'first nm']],
  ['lastName', ['last name', 'lastname', 'last', 'surname', 'family name', 'lname', 'last nm']],
  ['fullName', ['full name', 'fullname', 'name', 'member name', 'display name']],
  ['address1', ['address 1', 'address1', 'address', 'street', 'street address', 'address line 1', 'addr 1', 'addr1',
    'mailing address', 'mailing address 1', 'home address', 'street 1']],
  ['address2', ['address 2', 'address2', 'address line 2', 'addr 2', 'addr2', 'addr line 2', 'address ln 2', 'line 2',
    'mailing address 2', 'mailing address line 2', 'street 2', 'street address 2', 'street line 2', 'secondary address',
    'apt', 'apt #', 'apt no', 'apt number', 'apt ste', 'apt suite', 'apt unit', 'apt ste #', 'apt ste no', 'apt unit #',
    'apartment', 'apartment #', 'apartment no', 'apartment number', 'apartment suite', 'apartment unit',
    'unit', 'unit #', 'unit no', 'unit number', 'unit apt', 'unit ste', 'unit suite',
    'suite', 'suite #', 'suite no', 'suite number', 'suite apt', 'suite unit', 'ste', 'ste #', 'ste no', 'ste apt',
    'ste unit', 'bldg apt', 'room', 'rm', 'po box', 'p o box']],
  ['city', ['city', 'town', 'city town', 'mailing city']],
  ['state', ['state', 'st', 'state code', 'state province', 'province', 'mailing state']],
  ['zip', ['zip', 'zip code', 'zipcode', 'zip 4', 'zip+4', 'postal', 'postal code', 'postcode', 'mailing zip']],
  // The delivery point (two digits after a ZIP+4), as CASS-processed exports name it.
  ['deliveryPoint', ['dpbc', 'delivery point', 'delivery point code', 'dp', 'dpc', 'dp code', 'delivery pt', 'delivery point barcode',
    'dpbc code', 'delivery point digits']],
  ['email', ['email', 'e mail', 'email address', 'e mail address']],
  ['local', ['local', 'local #', 'local no', 'local number', 'local union', 'chapter']],
  ['worksite', ['worksite', 'work site', 'work location', 'location', 'site', 'facility']],
  ['shift', ['shift', 'work shift']],
  ['status', ['status', 'standing', 'dues status', 'member status', 'membership status', 'good standing']],
];

export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    // Database exports glue words together ("AddressLine2", "MemberID", "Address3", "ZIPCode"): split them where a
    // person reads a word break, so the spellings below match and no such column is dropped unnoticed.
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9#+]+/g, ' ')
    // "Apt#", "Unit#": the number sign is a word of its own, as in "Apt #".
    .replace(/([a-z0-9])#/g, '$1 #')
    .replace(/\s+/g, ' ')
    .trim();
}

// Words that make a header look like part of a mailing address. "st" alone is a state column's usual name;
// an e-mail or web address is not a mailing address.
const ADDRESS_WORDS = /\b(addr|address|addresses|street|str|apt|apartment|unit|suite|ste|bldg|building|floor|fl|room|rm|po box|p o box|box|city|town|state|province|zip|zipcode|zip4|postal|postcode|line 2|line 3)\b/;
const NOT_MAILING = /\b(e ?mail|web|url|ip|mac)\b|email|website|ipaddr|macaddr/;
/** "streetaddress2", "mailingaddr": an address word inside a lower-case glued header. */
const GLUED_ADDRESS = /addr|street/;

/** Whether a column's header looks like a part of a mailing address (unit, street, city, state, ZIP...). */
export function looksLikeAddressPart(header: string): boolean {
  const h = normaliseHeader(header);
  if (h === '' || looksLikeSsnHeader(header) || NOT_MAILING.test(h)) return false;
  return ADDRESS_WORDS.test(h) || GLUED_ADDRESS.test(h);
}

/**
 * Columns whose header looks like a part of the mailing address but that the mapping does not use and the committee
 * has not said are something else (`notAddress`): an import must not drop an apartment number silently.
 */
export function unmappedAddressColumns(headers: readonly string[], mapping: ColumnMapping, notAddress: readonly number[] = []): number[] {
  const kept = mappedColumns(mapping);
  const out: number[] = [];
  headers.forEach((h, i) => {
    if (!kept.has(i) && !notAddress.includes(i) && looksLikeAddressPart(h)) out.push(i);
  });
  return out;
}

/** The name shown to the user for a column: its header, or "Column N" when the header cell is blank. */
export function columnName(headers: readonly string[], index: number): string {
  const h = headers[index]?.trim() ?? '';
  return h.length > 0 ? h : `Column ${index + 1}`;
}

export function guessMapping(headers: readonly string[]): ColumnMapping {
  const normalised = headers.map(normaliseHeader);
  const used = new Set<number>();
  const mapping: ColumnMapping = {};
  for (const [field, spellings] of SPELLINGS) {
    for (const spelling of spellings) {
      const idx = normalised.findIndex((h, i) => h === spelling && !used.has(i) && !looksLikeSsnHeader(headers[i]!));
      if (idx >= 0) {
        mapping[field] = idx;
        used.add(idx);
        break;
      }
    }
  }
  return mapping;
}

const SENSITIVE: ReadonlyArray<readonly [DropReason, RegExp]> = [
  ['drop.dateOfBirth', /\b(dob|d o b|birth|birthday|birthdate|date of birth|born|age)\b/],
  ['drop.phone', /\b(phone|telephone|tel|mobile|cell|cellphone|fax)\b/],
  ['drop.pay', /\b(pay|payrate|wage|wages|salary|salaries|earnings|income|compensation|hourly|annual rate)\b/],
  ['drop.gender', /\b(gender|sex)\b/],
  ['drop.race', /\b(race|ethnicity|ethnic|ethnic group)\b/],
];

export function dropReason(header: string): DropReason {
  if (looksLikeSsnHeader(header)) return 'drop.ssn';
  const h = normaliseHeader(header);
  for (const [reason, re] of SENSITIVE) if (re.test(h)) return reason;
  return 'drop.notNeeded';
}

export function mappedColumns(mapping: ColumnMapping): Set<number> {
  const cols = new Set<number>();
  for (const [key, value] of Object.entries(mapping)) {
    if (key === 'segments') for (const c of Object.values(value as Record<string, number>)) cols.add(c);
    else if (typeof value === 'number') cols.add(value);
  }
  return cols;
}

/** Every column the mapping does not keep, with the reason it is not stored (data minimisation). */
export function droppedColumns(headers: readonly string[], mapping: ColumnMapping): DroppedColumn[] {
  const kept = mappedColumns(mapping);
  const dropped: DroppedColumn[] = [];
  headers.forEach((h, index) => {
    if (!kept.has(index)) dropped.push({ column: columnName(headers, index), index, reason: dropReason(h) });
  });
  return dropped;
}

/** Fields the mapping still lacks for a mailable member, for the mapping screen. */
export function missingFields(mapping: ColumnMapping): Array<MappedField | 'name'> {
  const missing: Array<MappedField | 'name'> = [];
  if (mapping.memberId === undefined) missing.push('memberId');
  if (mapping.fullName === undefined && mapping.firstName === undefined && mapping.lastName === undefined) missing.push('name');
  for (const f of ['address1', 'city', 'state', 'zip'] as const) if (mapping[f] === undefined) missing.push(f);
  return missing;
}
