import { prepareMember } from '../electron/members/record.ts';
import { normaliseAddress, addressBlockLines } from '../shared/domain/address/pub28.ts';
const base = { memberId: '1', firstName: 'Trần', lastName: 'Văn Đức', fullName: '', email: '', local: '', worksite: '', shift: '', status: 'Active', segments: {} };
for (const [a1, a2] of [['C/O Nguyen Thi Huong, Riverside Towers, Attn Payroll', '200 Bolsa Avenue Suite 4000 Building 12 Room 3'], ['Riverside Towers, Attn Payroll', '200 Bolsa Ave Ste 4'], ['12345 North Martin Luther King Junior Boulevard Apartment 1234', '']]) {
  const r = normaliseAddress({ line1: a1, line2: a2, city: 'Westminster', state: 'CA', zip: '92683' });
  if (r.ok) console.log(addressBlockLines('TRẦN VĂN ĐỨC', r.address).lines);
  const p = prepareMember({ ...base, address1: a1, address2: a2, city: 'Westminster', state: 'CA', zip: '92683' });
  console.log(p.ok ? 'ok' : JSON.stringify(p));
}
