import type { App, Session, WebContents } from 'electron';
import { isAllowedRequest, type AppOrigin } from './app-url.ts';

/**
 * The shell's security policy (DESIGN §3): the window shows the app and nothing else. Every navigation, redirect,
 * new window, webview and permission is refused, and the session cancels every request that is not one of the
 * app's own files, so the app works — and can only work — offline. Member data cannot leave over the network
 * because nothing can reach the network.
 */

/** Same policy as the meta tag in renderer/index.html; the header covers responses that carry headers (dev server). */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Dev only: Vite's React refresh preamble is an inline script and hot reload needs a websocket. */
export function devCsp(devServer: string): string {
  const ws = new URL(devServer);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
  return CSP
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("connect-src 'none'", `connect-src 'self' ${ws.origin}`);
}

export type ShellPolicy = { origin: AppOrigin; allowDevtools: boolean };

const hardenedSessions = new WeakSet<Session>();

export function hardenSession(session: Session, policy: ShellPolicy): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  const csp = policy.origin.devServer ? devCsp(policy.origin.devServer) : CSP;

  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  // The spell checker downloads dictionaries from a Google CDN: off, like every other network use.
  session.setSpellCheckerEnabled(false);

  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, policy.origin, policy.allowDevtools);
    if (!allowed) process.stderr.write(`[litdesk] blocked request to ${safeForLog(details.url)}\n`);
    callback({ cancel: !allowed });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  session.on('will-download', (event) => event.preventDefault());
}

/** Applied to every webContents Electron creates (the main window, and anything else that might ever appear). */
export function hardenContents(contents: WebContents, policy: ShellPolicy): void {
  hardenSession(contents.session, policy);
  const deny = (event: { preventDefault(): void }, url?: string) => {
    event.preventDefault();
    if (url) process.stderr.write(`[litdesk] blocked navigation to ${safeForLog(url)}\n`);
  };
  // The renderer routes in-page (hash or memory router): a real navigation is never legitimate.
  contents.on('will-navigate', (event) => deny(event, event.url));
  contents.on('will-frame-navigate', (event) => deny(event, event.url));
  contents.on('will-redirect', (event) => deny(event, event.url));
  contents.on('will-attach-webview', (event) => deny(event));
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function installGlobalGuards(app: App, policy: ShellPolicy): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, policy));
}

/** Scheme and host only: a URL's path or query could carry something typed in the app. */
function safeForLog(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparseable URL)';
  }
}
