import { syntheticMembers } from '../test/support/members.ts';
import { prepareMember } from '../electron/members/record.ts';
let bad = 0, n = 0; const t0 = performance.now();
for (const m of syntheticMembers(200_000, { seed: 3 })) { n++; const p = prepareMember(m); if (!p.ok) { bad++; if (bad < 4) console.log(JSON.stringify(p), m.fullName, m.address1, m.address2, m.city); } }
console.log(n, bad, ((performance.now() - t0) / n * 1000).toFixed(1), 'µs/member');
