import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererIsCurrent } from '../../../scripts/browser-app.ts';
import { tempDir } from '../../support/backend.ts';

// The end-to-end tests reuse out/renderer when it is current. A build older than the sources must be rebuilt, or a
// targeted e2e run tests yesterday's screens: green over a broken screen, red over a fixed one (found in review:
// an out/renderer from 07:10 failed the keyboard/axe e2e on contrast the 07:51 commit had fixed).
function project(): { dir: string; touch: (rel: string, at: number) => void } {
  const dir = tempDir('litdesk-renderer-build-');
  const touch = (rel: string, at: number) => {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    if (!fs.existsSync(f)) fs.writeFileSync(f, '');
    fs.utimesSync(f, at, at);
  };
  return { dir, touch };
}

describe('out/renderer is reused only when built from the current sources', () => {
  it('is missing: not current', () => {
    const { dir, touch } = project();
    touch('renderer/src/App.tsx', 1_000);
    expect(rendererIsCurrent(dir)).toBe(false);
  });

  it('newer than every renderer and shared file: current', () => {
    const { dir, touch } = project();
    touch('renderer/src/App.tsx', 1_000);
    touch('shared/domain/money.ts', 1_100);
    touch('out/renderer/index.html', 2_000);
    expect(rendererIsCurrent(dir)).toBe(true);
  });

  it('older than a renderer file, or than a shared file the renderer imports: stale', () => {
    const { dir, touch } = project();
    touch('renderer/src/App.tsx', 1_000);
    touch('shared/domain/money.ts', 1_100);
    touch('out/renderer/index.html', 2_000);
    touch('renderer/src/screens/Reports.tsx', 3_000);
    expect(rendererIsCurrent(dir)).toBe(false);
    touch('out/renderer/index.html', 4_000);
    expect(rendererIsCurrent(dir)).toBe(true);
    touch('shared/i18n/documents.ts', 5_000);
    expect(rendererIsCurrent(dir)).toBe(false);
  });
});
