import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAllowedRequest, isAppPage, type AppOrigin } from '../../../electron/main/app-url.ts';

const rendererDir = path.resolve('/opt/LitDesk/resources/app.asar/out/renderer');
const indexFile = path.join(rendererDir, 'index.html');
const packaged: AppOrigin = { indexFile, devServer: null };
const dev: AppOrigin = { indexFile, devServer: 'http://localhost:5173' };
const file = (p: string) => pathToFileURL(p).href;

describe('what counts as the app', () => {
  it('the page is exactly the renderer index (any #route)', () => {
    expect(isAppPage(file(indexFile), packaged)).toBe(true);
    expect(isAppPage(`${file(indexFile)}#/audit`, packaged)).toBe(true);
    expect(isAppPage(file(path.join(rendererDir, 'assets/evil.html')), packaged)).toBe(false);
    expect(isAppPage(file('/tmp/index.html'), packaged)).toBe(false);
    expect(isAppPage('https://example.com/', packaged)).toBe(false);
    expect(isAppPage('http://localhost:5173/', packaged)).toBe(false);
    expect(isAppPage('http://localhost:5173/', dev)).toBe(true);
    expect(isAppPage('not a url', packaged)).toBe(false);
  });

  it('requests: own files, data and blob only; nothing on the network', () => {
    expect(isAllowedRequest(file(path.join(rendererDir, 'assets/index.js')), packaged, false)).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA', packaged, false)).toBe(true);
    expect(isAllowedRequest(`blob:${file(indexFile)}/1234`, packaged, false)).toBe(true);
    for (const url of [
      'https://example.com/x.js', 'http://127.0.0.1:8080/', 'ws://127.0.0.1:5173/', 'ftp://example.com/',
      file('/etc/passwd'), file(path.join(rendererDir, '../main/index.js')), `${file(rendererDir)}/../../../../etc/passwd`,
      'file://attacker-host/share/x.js', 'devtools://devtools/bundled/inspector.html', 'http://localhost:5173/src/main.tsx',
    ]) {
      expect(isAllowedRequest(url, packaged, false), url).toBe(false);
    }
  });

  it('dev: the dev server and its websocket, devtools when allowed', () => {
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', dev, true)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev, true)).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', dev, true)).toBe(true);
    expect(isAllowedRequest('http://localhost:5174/', dev, true)).toBe(false);
    expect(isAllowedRequest('https://fonts.googleapis.com/css', dev, true)).toBe(false);
  });
});
