import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectron } from './electron-binary.ts';

// `npm start`: the production build (electron-vite build) launched in Electron with DevTools off, as a committee
// runs it from source. `npm run dev` (`--dev`): electron-vite's dev server with hot reload and DevTools.
// Both first make sure the Electron binary is installed (scripts/electron-binary.ts); where it cannot be
// downloaded they print one sentence naming the cause and the browser mode, and exit with status 1.
// Arguments after `--` go to the app (e.g. `npm start -- --demo`); `--skip-build` reuses the last build in out/.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const skipBuild = process.argv.includes('--skip-build');
const appArgs = process.argv.slice(2).filter((a) => a !== '--dev' && a !== '--skip-build');
const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

const electron = await ensureElectron(root);
if (!electron.ok) {
  console.error(electron.message);
  process.exit(1);
}

const forward = (child: ChildProcess): void => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => { if (child.exitCode === null) child.kill(sig); });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
};

if (dev) {
  forward(spawn(process.execPath, [electronVite, 'dev', ...(appArgs.length ? ['--', ...appArgs] : [])], { cwd: root, stdio: 'inherit' }));
} else {
  const build = skipBuild && fs.existsSync(path.join(root, 'out', 'main', 'index.js'))
    ? { status: 0 }
    : spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('LitDesk could not be built (the errors are above); nothing was started.');
    process.exit(1);
  }
  // No dev server URL: the app loads out/renderer from disk, and electron/main turns DevTools off without one.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  delete env['ELECTRON_RENDERER_URL'];
  delete env['ELECTRON_RUN_AS_NODE'];
  forward(spawn(electron.binary, [root, ...appArgs], { cwd: root, stdio: 'inherit', env }));
}
