import { readFileSync } from 'node:fs';

// DejaVu Sans ships in resources/ (free licence): the standard PDF fonts cannot encode Vietnamese (DESIGN §7).
// Both electron/pdf/ and the bundled out/main/ sit two levels below the folder that holds resources/; every PDF
// LitDesk writes (proofs, notices, invoices, reports, manifests, pieces) loads the font through here.
let cached: Uint8Array | undefined;
export function unicodeFont(): Uint8Array {
  cached ??= new Uint8Array(readFileSync(new URL('../../resources/fonts/DejaVuSans.ttf', import.meta.url)));
  return cached;
}
