// Issue 11 §4: handlers and background jobs get the narrow `Core` (electron/core/context.ts), not the router, so the
// router (core/backend.ts) is not reachable from anything it imports: no import cycle, not even through `import type`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/g;

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => path.resolve(path.dirname(file), m[1]!)).filter((f) => f.endsWith('.ts') && fs.existsSync(f));
}

/** A path of imports from `from` back to `target`, or null. */
function pathTo(from: string, target: string): string[] | null {
  const seen = new Set<string>();
  const stack: Array<[string, string[]]> = [[from, [from]]];
  while (stack.length > 0) {
    const [file, trail] = stack.pop()!;
    for (const next of importsOf(file)) {
      if (next === target) return [...trail, next];
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push([next, [...trail, next]]);
    }
  }
  return null;
}

const rel = (files: string[] | null) => files?.map((f) => path.relative(root, f)).join(' -> ') ?? null;

describe('the router and the domains do not import each other', () => {
  const backend = path.join(root, 'electron/core/backend.ts');
  it('nothing core/backend.ts imports leads back to it', () => {
    for (const first of importsOf(backend)) expect(rel(pathTo(first, backend)), path.relative(root, first)).toBeNull();
  });

  it('the handler context (core/context.ts) does not lead to the router', () => {
    expect(rel(pathTo(path.join(root, 'electron/core/context.ts'), backend))).toBeNull();
  });

  it('the check sees a cycle when there is one (the handler table imports the domains, the router imports it)', () => {
    expect(rel(pathTo(backend, path.join(root, 'electron/merge/runner.ts')))).toMatch(/core\/handlers\.ts -> .*merge\/runner\.ts$/);
  });
});

describe('what handlers get of the router', () => {
  it('a frozen narrow object without dispatch, sharing the domains’ state with the router', async () => {
    const { Backend } = await import('../../electron/core/backend.ts');
    const { mergeState } = await import('../../electron/merge/runner.ts');
    const backend = new Backend({ vaultDir: path.join(root, 'nonexistent-vault-dir') });
    const core = backend.core as unknown as Record<string, unknown>;
    expect(core.dispatch).toBeUndefined();
    expect(core.checkIdle).toBeUndefined();
    expect(Object.isFrozen(core)).toBe(true);
    expect(() => { core.grants = null; }).toThrow();
    // A job started through a handler (core) is the one the router's lock stops (backend): one state.
    expect(mergeState(backend.core)).toBe(mergeState(backend));
    expect(backend.core.vault).toBeNull();
  });
});
