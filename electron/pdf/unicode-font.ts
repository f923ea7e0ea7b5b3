import { existsSync, readFileSync } from 'node:fs';

// DejaVu Sans ships in resources/ (free licence): the standard PDF fonts cannot encode Vietnamese (DESIGN §7).
// Both electron/pdf/ and the bundled out/main/ sit two levels below the folder that holds resources/, a chunk the
// bundle shares between the backend and a helper worker (out/main/chunks/) three; every PDF LitDesk writes (proofs,
// notices, invoices, reports, manifests, pieces) and the import's print-fit check load the font through here.
let cached: Uint8Array | undefined;
export function unicodeFont(): Uint8Array {
  if (!cached) {
    const near = new URL('../../resources/fonts/DejaVuSans.ttf', import.meta.url);
    const file = existsSync(near) ? near : new URL('../../../resources/fonts/DejaVuSans.ttf', import.meta.url);
    cached = new Uint8Array(readFileSync(file));
  }
  return cached;
}
