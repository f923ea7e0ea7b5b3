import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints small snippets as if they lived at given paths in the repo, with the project's own eslint.config.js, to prove
// each import-boundary rule fires where it should and stays quiet where it should not.
const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: Array<{ file: string; code: string; blocked: boolean }> = [
  // renderer: no Node, no Electron, no core
  { file: 'renderer/src/x.tsx', code: "import fs from 'node:fs'; export const f = fs;", blocked: true },
  { file: 'renderer/src/x.tsx', code: "import path from 'path'; export const f = path;", blocked: true },
  { file: 'renderer/src/x.tsx', code: "import { readFile } from 'fs/promises'; export const f = readFile;", blocked: true },
  { file: 'renderer/src/x.ts', code: "import { Worker } from 'worker_threads'; export const f = Worker;", blocked: true },
  { file: 'renderer/src/x.ts', code: "import { ipcRenderer } from 'electron'; export const f = ipcRenderer;", blocked: true },
  { file: 'renderer/src/screens/x.ts', code: "import { Backend } from '../../../electron/core/backend.ts'; export const f = Backend;", blocked: true },
  { file: 'renderer/src/x.ts', code: "import { createClient } from '../../shared/api/client.ts'; export const f = createClient;", blocked: false },
  { file: 'renderer/src/x.ts', code: "import { MantineProvider } from '@mantine/core'; export const f = MantineProvider;", blocked: false },
  // shared: pure code
  { file: 'shared/api/x.ts', code: "import crypto from 'node:crypto'; export const f = crypto;", blocked: true },
  { file: 'shared/api/x.ts', code: "import { app } from 'electron'; export const f = app;", blocked: true },
  { file: 'shared/api/x.ts', code: "import { handlers } from '../../electron/core/handlers.ts'; export const f = handlers;", blocked: true },
  { file: 'shared/api/x.ts', code: "import { App } from '../../renderer/src/app/App.tsx'; export const f = App;", blocked: true },
  { file: 'shared/api/x.ts', code: "import { z } from 'zod'; export const f = z;", blocked: false },
  // the core: Node yes, Electron and renderer no
  { file: 'electron/core/x.ts', code: "import { app } from 'electron'; export const f = app;", blocked: true },
  { file: 'electron/vault/x.ts', code: "import { safeStorage } from 'electron/main'; export const f = safeStorage;", blocked: true },
  { file: 'electron/core/x.ts', code: "import { App } from '../../renderer/src/app/App.tsx'; export const f = App;", blocked: true },
  { file: 'electron/core/x.ts', code: "import fs from 'node:fs'; export const f = fs;", blocked: false },
  // domains: the narrow Core, never the router (no import cycle between the core and the domains)
  { file: 'electron/merge/x.ts', code: "import type { Backend } from '../core/backend.ts'; export type F = Backend;", blocked: true },
  { file: 'electron/vault/x.ts', code: "import { handlers } from '../core/handlers.ts'; export const f = handlers;", blocked: true },
  { file: 'electron/merge/x.ts', code: "import type { Core } from '../core/context.ts'; export type F = Core;", blocked: false },
  { file: 'electron/merge/x.ts', code: "import { app } from 'electron'; export const f = app;", blocked: true },
  { file: 'electron/core/x.ts', code: "import { Backend } from './backend.ts'; export const f = Backend;", blocked: false },
  // main and preload: Electron allowed
  { file: 'electron/main/x.ts', code: "import { app } from 'electron'; export const f = app;", blocked: false },
  { file: 'electron/preload/x.ts', code: "import { contextBridge } from 'electron'; export const f = contextBridge;", blocked: false },
  { file: 'electron/main/x.ts', code: "import { App } from '../../renderer/src/app/App.tsx'; export const f = App;", blocked: true },
];

describe('import boundaries (eslint.config.js)', () => {
  it.each(cases)('$file: `$code` → blocked: $blocked', async ({ file, code, blocked }) => {
    const errors = await boundaryErrors(file, code);
    expect(errors.length > 0).toBe(blocked);
  });

  it('says why in the message', async () => {
    const [message] = await boundaryErrors('electron/core/x.ts', "import { app } from 'electron'; export const f = app;");
    expect(message).toMatch(/Only electron\/main and electron\/preload may import 'electron'/);
  });
});
