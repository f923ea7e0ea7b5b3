import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../../electron/core/backend.ts';
import { seedDemo } from '../../../electron/elections/demo.ts';
import { makeBackend, tempDir } from '../../support/backend.ts';

describe('npm run demo', () => {
  it('builds a demo vault, marked DEMO, with a request at each stage, through the real commands', async () => {
    const vaultDir = path.join(tempDir('litdesk-demo-test-'), 'vault');
    const backend = new Backend({ vaultDir, demo: true });
    const logins = await seedDemo(backend);
    backend.lock('seeded');
    expect(logins.map((l) => l.role).sort()).toEqual(['auditor', 'candidate', 'candidate', 'chair', 'staff']);

    const { client } = makeBackend({ vaultDir, demo: true });
    const chair = logins.find((l) => l.role === 'chair')!;
    const info = await client.call('session.login', { login: chair.login, passphrase: chair.passphrase });
    expect(info.demo).toBe(true);
    const [election] = await client.call('elections.list', {});
    const statuses = (await client.call('requests.list', { electionId: election!.id })).map((r) => r.status).sort();
    expect(statuses).toEqual(['authorised', 'quoted', 'released', 'signedOff', 'withdrawn']);
    expect((await client.call('members.summary', {})).goodStanding).toBeGreaterThan(1000);
    expect(await client.call('audit.verify', {})).toMatchObject({ ok: true });
  }, 180_000);
});
