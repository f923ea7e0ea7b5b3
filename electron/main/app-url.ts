import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What counts as "the app" for the shell's checks: the built renderer folder on disk (file://), or — only in an
 * unpackaged dev run — electron-vite's dev server. Everything else is foreign: not loadable, not navigable, and
 * not allowed to call IPC.
 */
export type AppOrigin = {
  /** Absolute path of the built renderer's index.html (its folder holds every asset the page may load). */
  indexFile: string;
  /** electron-vite's dev server URL (ELECTRON_RENDERER_URL); null in packaged builds and `npm start`. */
  devServer: string | null;
};

function fileInside(url: URL, folder: string): string | null {
  if (url.protocol !== 'file:' || url.host !== '') return null;
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch {
    return null;
  }
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? file : null;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The top-level page of the main window: exactly the renderer's index.html (any #route), or the dev server. */
export function isAppPage(url: string, origin: AppOrigin): boolean {
  const u = parse(url);
  if (!u) return false;
  if (origin.devServer) {
    const dev = new URL(origin.devServer);
    if (u.origin === dev.origin) return true;
  }
  return fileInside(u, path.dirname(origin.indexFile)) === path.resolve(origin.indexFile);
}

/** A request the page may make: its own files, inline data/blob URLs (CSP still limits where), the dev server. */
export function isAllowedRequest(url: string, origin: AppOrigin, allowDevtools: boolean): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  if (allowDevtools && (u.protocol === 'devtools:' || u.protocol === 'chrome-devtools:')) return true;
  if (origin.devServer) {
    const dev = new URL(origin.devServer);
    // Vite's hot reload talks over a websocket on the same host and port.
    if (u.host === dev.host && (u.protocol === dev.protocol || u.protocol === 'ws:' || u.protocol === 'wss:')) return true;
  }
  return fileInside(u, path.dirname(origin.indexFile)) !== null;
}
