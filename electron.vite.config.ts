import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import postcssPresetMantine from 'postcss-preset-mantine';

const root = path.dirname(fileURLToPath(import.meta.url));
const at = (p: string) => path.resolve(root, p);

// Main-process entries. The merge batch worker is optional: it is built only once its source exists.
const mainEntries: Record<string, string> = {
  index: at('electron/main/index.ts'),
  'backend-worker': at('electron/core/backend-worker.ts'),
  // The member import's prepare threads (electron/members/prepare-pool.ts).
  'prepare-worker': at('electron/members/prepare-worker.ts'),
  // The vault's checkpoint after a large write (electron/vault/checkpoint.ts).
  'checkpoint-worker': at('electron/vault/checkpoint-worker.ts'),
};
if (fs.existsSync(at('electron/merge/engine/batch-worker.ts'))) {
  mainEntries['batch-worker'] = at('electron/merge/engine/batch-worker.ts');
}

/**
 * Three bundles (DESIGN §4-6): main (+ the backend and merge threads) for Electron's Node, a CommonJS preload (a
 * sandboxed preload cannot be an ES module and can require only 'electron'), and the React renderer.
 * Everything is bundled except the native SQLCipher module, which must load from disk (app.asar.unpacked), and
 * openpgp, which is LGPL and so ships as a separate, replaceable library.
 */
export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      externalizeDeps: false,
      rolldownOptions: {
        input: mainEntries,
        // openpgp (LGPL-3.0+) stays a separate library in node_modules, unpacked from the ASAR, so a user can replace it
        // (LGPL-3.0 §4d); scripts/licences.ts allows it only while it is external.
        external: ['better-sqlite3-multiple-ciphers', 'openpgp'],
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: at('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    plugins: [react()],
    // Same PostCSS setup as renderer/vite.config.ts (browser dev mode) when that file exists, so both builds match.
    css: {
      postcss: fs.existsSync(at('renderer/postcss.config.cjs')) ? at('renderer/postcss.config.cjs') : { plugins: [postcssPresetMantine()] },
    },
    build: {
      outDir: at('out/renderer'),
      rolldownOptions: { input: at('renderer/index.html') },
    },
  },
});
