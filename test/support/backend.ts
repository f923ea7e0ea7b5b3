import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, unwrapClient, type LitDeskApi, type ShellRequest } from '../../shared/api/client.ts';
import { AppError, type ErrorCode, type Result } from '../../shared/api/errors.ts';
import { Backend, type BackendOptions } from '../../electron/core/backend.ts';
import { invokeBackend } from '../../electron/core/bridge.ts';
import { readSlotFile } from '../../electron/vault/keyslots.ts';
import { vaultFiles } from '../../electron/vault/vault.ts';

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

/** Whether this login holds a key (a committee member) in the vault's key file. */
export const holdsKey = (dir: string, login: string): boolean =>
  readSlotFile(vaultFiles(dir).slots).slots.some((s) => s.login.toLowerCase() === login.toLowerCase());

/**
 * Signs a user in on this backend as the app lets them (issue 12): a committee member unlocks with their passphrase;
 * a candidate or auditor needs a committee member (the test chair, `committee`) to unlock and hand the workstation
 * over first, then signs in with their own passphrase.
 */
export async function signInOn(
  backend: Backend, who: { login: string; passphrase: string }, committee: { login: string; passphrase: string } = CHAIR,
): Promise<Result<unknown>> {
  if (holdsKey(backend.vaultDir, who.login)) return backend.dispatch('session.login', { login: who.login, passphrase: who.passphrase });
  const unlocked = await backend.dispatch('session.login', { login: committee.login, passphrase: committee.passphrase });
  if (!unlocked.ok) return unlocked;
  const handed = await backend.dispatch('session.handOver', {});
  if (!handed.ok) return handed;
  return backend.dispatch('session.signIn', { login: who.login, passphrase: who.passphrase });
}

/** `signInOn` on a new backend over the folder; throws when refused. */
export async function signIn(dir: string, who: { login: string; passphrase: string }, opts: Partial<BackendOptions> = {}) {
  const made = makeBackend({ ...opts, vaultDir: dir });
  const r = await signInOn(made.backend, who);
  if (!r.ok) throw new AppError(r.error.code as ErrorCode, r.error.message, r.error.details);
  return made;
}

/** Adds a user and signs in as them (one-time passphrase changed, agreement accepted) on a second backend. */
export async function addUserAndLogin(
  chair: LitDeskApi, dir: string, user: { login: string; role: 'chair' | 'staff' | 'candidate' | 'auditor'; candidateId?: number | null },
) {
  const oneTime = `temporary ${user.login} passphrase 7781`;
  await chair.call('users.add', { login: user.login, displayName: user.login, role: user.role, candidateId: user.candidateId ?? null, oneTimePassphrase: oneTime });
  const other = await signIn(dir, { login: user.login, passphrase: oneTime });
  const finalPass = `${user.login} chooses a long own passphrase 2026`;
  const info = await other.client.call('session.changePassphrase', { current: oneTime, next: finalPass });
  if (info.agreementPending) await other.client.call('agreement.accept', { version: info.agreementPending.version });
  return { ...other, passphrase: finalPass };
}
