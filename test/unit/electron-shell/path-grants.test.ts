import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handleMessage } from '../../../electron/core/backend-worker.ts';
import { Backend } from '../../../electron/core/backend.ts';
import { PathGrants } from '../../../electron/core/path-grants.ts';

// Issue 12 §6: a path picked in a dialog is usable only for what it was picked for, and only in the session that
// picked it. The worker refuses a grant message without a known purpose.
describe('path grants', () => {
  it('are bound to the purpose of the dialog that picked them', () => {
    const g = new PathGrants();
    g.grantFile('/tmp/flyer.pdf', 'literature');
    expect(g.requireFile('/tmp/../tmp/flyer.pdf', 'literature')).toBe(path.resolve('/tmp/flyer.pdf'));
    expect(() => g.requireFile('/tmp/flyer.pdf', 'memberList')).toThrow(expect.objectContaining({ code: 'path.notGranted' }));
    expect(() => g.requireFile('/tmp/flyer.pdf', 'ownList')).toThrow(expect.objectContaining({ code: 'path.notGranted' }));
    g.grantFolder('/tmp/out', 'output');
    expect(() => g.requireFolder('/tmp/out', 'vault')).toThrow(expect.objectContaining({ code: 'path.notGranted' }));
    expect(() => g.requireFolder('/tmp/out', 'witness')).toThrow(expect.objectContaining({ code: 'path.notGranted' }));
    // A file grant is not a folder grant, and the other way round.
    expect(() => g.requireFolder('/tmp/flyer.pdf', 'output')).toThrow(expect.objectContaining({ code: 'path.notGranted' }));
    expect(() => g.requireFile('/tmp/out', 'literature')).toThrow(expect.objectContaining({ code: 'path.notGranted' }));
  });

  it('end when the session does: clear() forgets every grant', () => {
    const g = new PathGrants();
    g.grantFile('/tmp/list.csv', 'memberList');
    g.grantFolder('/tmp/out', 'output');
    g.clear();
    expect(() => g.requireFile('/tmp/list.csv', 'memberList')).toThrow(expect.objectContaining({ code: 'path.notGranted' }));
    expect(() => g.requireFolder('/tmp/out', 'output')).toThrow(expect.objectContaining({ code: 'path.notGranted' }));
  });

  it('reach the core from the main process only with a known purpose and an absolute path', async () => {
    const backend = new Backend({ vaultDir: '/tmp/litdesk-path-grants-none' });
    const refused = async (m: Record<string, unknown>) => (await handleMessage(backend, { id: 1, kind: 'grant', ...m }))!.result;
    expect(await refused({ type: 'file', path: '/tmp/a.pdf' })).toMatchObject({ ok: false, error: { code: 'api.invalidInput' } });
    expect(await refused({ type: 'file', path: '/tmp/a.pdf', purpose: 'anything' })).toMatchObject({ ok: false });
    expect(await refused({ type: 'file', path: '/tmp/a.pdf', purpose: 'output' })).toMatchObject({ ok: false }); // a folder purpose
    expect(await refused({ type: 'file', path: 'relative.pdf', purpose: 'literature' })).toMatchObject({ ok: false });
    expect(await refused({ type: 'file', path: '/tmp/a.pdf', purpose: 'literature' })).toMatchObject({ ok: true });
    expect(backend.grants.requireFile('/tmp/a.pdf', 'literature')).toBe('/tmp/a.pdf');
    expect(() => backend.grants.requireFile('/tmp/a.pdf', 'memberList')).toThrow(expect.objectContaining({ code: 'path.notGranted' }));
  });
});
