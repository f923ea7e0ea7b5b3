import { describe, expect, it } from 'vitest';
import { handleMessage } from '../../../electron/core/backend-worker.ts';
import { Backend } from '../../../electron/core/backend.ts';

// Quitting: the main process sends 'shutdown' and ends the backend thread when it is answered (BackendHost.stop).
// The answer must wait for background work told to stop by the lock, or a merge worker is ended mid-seal (which
// aborts the process: test/integration/merge/worker-stop.test.ts).
describe('the backend thread on quit', () => {
  it('answers shutdown only after every registered job has settled', async () => {
    const backend = new Backend({ vaultDir: '/tmp/litdesk-shutdown-none' });
    const order: string[] = [];
    backend.onShutdown(() => new Promise<void>((r) => setTimeout(() => { order.push('job stopped'); r(); }, 50)));
    backend.onShutdown(() => Promise.reject(new Error('a job that failed while stopping still lets the app quit')));
    backend.onShutdown(() => null);
    const reply = await handleMessage(backend, { id: 7, kind: 'shutdown' });
    order.push('answered');
    expect(reply).toEqual({ id: 7, result: { ok: true, value: null } });
    expect(order).toEqual(['job stopped', 'answered']);
  });
});
