import { syntheticMembers } from '../test/support/members.ts';
import { normaliseAddress } from '../shared/domain/address/pub28.ts';
import { printFit } from '../electron/merge/print-fit.ts';
const ms = [...syntheticMembers(100_000, { seed: 3 })];
const as = ms.map((m) => { const r = normaliseAddress({ line1: m.address1, line2: m.address2, city: m.city, state: m.state, zip: m.zip }); return r.ok ? r.address : null; });
printFit('X', as[0]!);
let t0 = performance.now();
for (let i = 0; i < ms.length; i++) printFit('NGUYỄN THỊ HƯƠNG', as[i]!);
console.log('printFit', ((performance.now() - t0) / ms.length * 1000).toFixed(2), 'µs');
