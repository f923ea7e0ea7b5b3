// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Lint with import boundaries (the folders say which process may load a file, like Signal's .main/.preload/.std
 * suffixes or VS Code's layers):
 *   electron/main, electron/preload  may import 'electron'
 *   electron/** (the core)           may not import 'electron' nor renderer/
 *   renderer/**                      may not import electron/ (folder or package) nor Node built-ins
 *   shared/**                        may not import electron/, renderer/ nor Node built-ins
 *   electron/<domain>/**             may not import the router (core/backend.ts, core/handlers.ts): handlers get the
 *                                    narrow `Core` of core/context.ts, so the core and the domains do not import
 *                                    each other (issue 11 §4)
 * Rules are not type-aware, to keep `eslint .` fast.
 */

const nodeBuiltins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]))];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const electronPackage = {
  regex: '^electron(/.*)?$',
  message: "Only electron/main and electron/preload may import 'electron'; the core and the UI must run without it.",
};
const electronFolder = {
  regex: '(^|/)electron/',
  message: 'The renderer and shared/ reach the core only through window.litdesk (shared/api/client.ts).',
};
const rendererFolder = {
  regex: '(^|/)renderer(/|$)',
  message: 'Nothing imports the renderer: it sits at the top and talks to the rest through the API client.',
};
const router = {
  regex: '(^|/)core/(backend|handlers|backend-worker)(\\.ts)?$',
  message: 'Domains get the narrow Core (electron/core/context.ts), never the router: the core and the domains must not import each other.',
};
const nodeBuiltin = {
  regex: `^(node:.*|(${nodeBuiltins.map(escape).join('|')})(/.*)?)$`,
  message: 'No Node built-ins here: this code runs in the sandboxed renderer (or must be able to).',
};

/** One rule entry per area: `no-restricted-imports` options do not merge between config objects. */
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default defineConfig(
  globalIgnores(['out/', 'node_modules/', 'release/', 'dist/', 'test-results/', 'bench/results/', '.vault-dev/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Build configs beside the renderer run in Node at build time, not in the page.
  { files: ['renderer/**'], ignores: ['renderer/*.config.*'], rules: restrict(electronPackage, electronFolder, nodeBuiltin) },
  { files: ['shared/**'], rules: restrict(electronPackage, electronFolder, rendererFolder, nodeBuiltin) },
  { files: ['electron/**'], rules: restrict(electronPackage, rendererFolder) },
  // The demo seeder builds whole routers for a script (scripts/dev-browser.ts); no handler imports it.
  { files: ['electron/**'], ignores: ['electron/core/**', 'electron/main/**', 'electron/preload/**', 'electron/elections/demo.ts'], rules: restrict(electronPackage, rendererFolder, router) },
  { files: ['electron/main/**', 'electron/preload/**'], rules: restrict(rendererFolder) },
);
