import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import type { ShellRequest } from '../shared/api/client.ts';
import { Backend } from '../electron/core/backend.ts';
import { buildRenderer, launchChromium, openApp, root } from './browser-app.ts';

// `npm run dev:browser`: the real renderer and the real backend without Electron, for machines that have no
// Electron binary. Chromium opens headed (run under `xvfb-run` where there is no display); native dialogs become
// questions in this terminal. `--demo` opens a separate demo vault, clearly marked DEMO.
const demo = process.argv.includes('--demo');
const headless = process.argv.includes('--headless');
// `--exit-when-ready` (CI: test/integration/tooling/newcomer.test.ts): open the app, wait until its first screen is
// on the page, say so, and exit 0; exit 1 if it does not appear within a minute.
const exitWhenReady = process.argv.includes('--exit-when-ready');
const vaultDir = path.join(root, demo ? '.vault-demo' : '.vault-dev');

const backend = new Backend({ vaultDir, demo });
if (demo && !fs.existsSync(path.join(vaultDir, 'keyslots.json'))) {
  const { seedDemo } = await import('../electron/elections/demo.ts');
  const logins = await seedDemo(backend);
  backend.lock('demo seeded');
  console.log('Demo vault created. Sign in with one of these:');
  for (const l of logins as Array<{ login: string; passphrase: string; role: string }>) console.log(`  ${l.role.padEnd(10)} ${l.login.padEnd(12)} ${l.passphrase}`);
}

const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
const ask = async (q: string): Promise<string | null> => {
  const answer = (await rl.question(`${q}\n> `)).trim();
  return answer ? path.resolve(answer) : null;
};
const saveDir = path.join(root, '.vault-dev-saved');
const shell = async (req: ShellRequest): Promise<string | null> => {
  switch (req.op) {
    case 'pickFile': {
      const p = await ask(`LitDesk asks for a file (${req.purpose}). Type its path, or press Enter to cancel:`);
      if (p) backend.grants.grantFile(p, req.purpose);
      return p;
    }
    case 'pickFolder': {
      const p = await ask(`LitDesk asks for a folder (${req.purpose}). Type its path, or press Enter to cancel:`);
      if (p) { fs.mkdirSync(p, { recursive: true }); backend.grants.grantFolder(p, req.purpose); }
      return p;
    }
    case 'saveFile': {
      fs.mkdirSync(saveDir, { recursive: true });
      const p = path.join(saveDir, path.basename(req.suggestedName));
      fs.writeFileSync(p, Buffer.from(req.base64, 'base64'));
      console.log(`Saved ${p}`);
      return p;
    }
    case 'showFolder':
      console.log(`Folder: ${req.path}`);
      return req.path;
  }
};

await buildRenderer(true);
const browser = await launchChromium(headless);
const { page } = await openApp(browser, backend, shell, { viewport: { width: 1366, height: 900 } });
if (exitWhenReady) {
  const first = await page.locator('[data-testid="union-name"], [data-testid="login-name"]').first()
    .waitFor({ state: 'visible', timeout: 60_000 }).then(() => true, () => false);
  const screen = (await page.getByTestId('union-name').isVisible()) ? 'set-up' : 'sign-in';
  console.log(first ? `LitDesk is running in Chromium (vault: ${vaultDir}); first screen: ${screen}` : 'LitDesk did not show its first screen within a minute.');
  backend.lock('closed');
  rl.close();
  await browser.close();
  process.exit(first ? 0 : 1);
}
console.log(`LitDesk is running in Chromium (vault: ${vaultDir}). Close the window or press Ctrl+C to stop.`);
page.on('close', () => { backend.lock('closed'); void browser.close(); rl.close(); });
process.on('SIGINT', () => { backend.lock('closed'); void browser.close().then(() => process.exit(0)); });
