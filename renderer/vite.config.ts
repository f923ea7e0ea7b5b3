import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

// The renderer alone: electron.vite.config.ts builds the same thing for the app; end-to-end tests and the browser
// dev mode build it with this file so they need no Electron binary.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  css: { postcss: path.join(root, 'postcss.config.cjs') },
  build: { outDir: path.join(root, '..', 'out', 'renderer'), emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 4000 },
});
