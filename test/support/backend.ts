import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, unwrapClient, type LitDeskApi, type ShellRequest } from '../../shared/api/client.ts';
import { Backend, type BackendOptions } from '../../electron/core/backend.ts';
import { invokeBackend } from '../../electron/core/bridge.ts';

export const CHAIR = { login: 'chair', displayName: 'Rosa Delgado', passphrase: 'solidarity forever in local forty two' };

export function tempDir(prefix = 'litdesk-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real backend on a real vault folder, reached through the same client the renderer uses. */
export function makeBackend(opts: Partial<BackendOptions> & { shell?: (r: ShellRequest) => Promise<string | null> } = {}) {
  const dir = opts.vaultDir ?? path.join(tempDir(), 'vault');
  const backend = new Backend({ vaultDir: dir, ...opts });
  const shell = opts.shell ?? (async () => null);
  const client: LitDeskApi = unwrapClient(createClient((channel, payload) => invokeBackend(backend, channel, payload, shell)));
  return { backend, client, dir };
}

/** Creates a vault with its chair signed in and the agreement accepted. */
export async function setUpVault(opts: Partial<BackendOptions> = {}) {
  const made = makeBackend(opts);
  const info = await made.client.call('vault.create', { unionName: 'Local 42', chair: CHAIR });
  await made.client.call('agreement.accept', { version: info.agreementPending!.version });
  return made;
}

/** Adds a user and signs in as them (one-time passphrase changed, agreement accepted) on a second backend. */
export async function addUserAndLogin(
  chair: LitDeskApi, dir: string, user: { login: string; role: 'chair' | 'staff' | 'candidate' | 'auditor'; candidateId?: number | null },
) {
  const oneTime = `temporary ${user.login} passphrase 7781`;
  await chair.call('users.add', { login: user.login, displayName: user.login, role: user.role, candidateId: user.candidateId ?? null, oneTimePassphrase: oneTime });
  const other = makeBackend({ vaultDir: dir });
  await other.client.call('session.login', { login: user.login, passphrase: oneTime });
  const finalPass = `${user.login} chooses a long own passphrase 2026`;
  const info = await other.client.call('session.changePassphrase', { current: oneTime, next: finalPass });
  if (info.agreementPending) await other.client.call('agreement.accept', { version: info.agreementPending.version });
  return { ...other, passphrase: finalPass };
}
