import { AppError, type ErrorCode, type Result } from './errors.ts';
import type { CommandName, Input, Output } from './contract.ts';

/**
 * The one typed client on `window.litdesk`. The preload builds it with `ipcRenderer.invoke`; end-to-end tests build
 * the same client with a Playwright binding; both reach the same router (DESIGN §4, §6). Its methods resolve to
 * plain `Result` values and never throw, because only plain data survives contextBridge (a thrown error loses its
 * code on the way).
 */
export type Invoke = (channel: 'api' | 'shell', payload: unknown) => Promise<unknown>;

export type ShellRequest =
  | { op: 'pickFile'; purpose: 'memberList' | 'literature' | 'ownList' | 'letter' }
  | { op: 'pickFolder'; purpose: 'vault' | 'output' | 'backup' | 'backupSource' | 'restoreTarget' | 'witness' }
  | { op: 'saveFile'; suggestedName: string; base64: string; mime: 'application/pdf' | 'text/csv' | 'application/x-ndjson' | 'application/json' }
  | { op: 'showFolder'; path: string };

export type LitDeskClient = {
  call<C extends CommandName>(command: C, input: Input<C>): Promise<Result<Output<C>>>;
  /** Native dialogs live in the shell; a picked path is granted to the core, which refuses paths it was not given. */
  shell(request: ShellRequest): Promise<Result<string | null>>;
};

const malformed = { ok: false, error: { code: 'api.badResponse', message: 'The backend gave no answer.' } } as const;
const asResult = <T>(r: unknown): Result<T> =>
  r && typeof r === 'object' && 'ok' in r ? (r as Result<T>) : malformed;

export function createClient(invoke: Invoke): LitDeskClient {
  return {
    call: async (command, input) => asResult(await invoke('api', { command, input })),
    shell: async (request) => asResult(await invoke('shell', request)),
  };
}

/** The same client, throwing `AppError` values: what the renderer's screens and the tests use. */
export type LitDeskApi = {
  call<C extends CommandName>(command: C, input: Input<C>): Promise<Output<C>>;
  shell(request: ShellRequest): Promise<string | null>;
};

const unwrap = <T>(r: Result<T>): T => {
  if (r.ok) return r.value;
  // A code from the wire: the core only sends registered codes, but this side must show whatever arrives.
  throw new AppError(r.error.code as ErrorCode, r.error.message, r.error.details);
};

export function unwrapClient(client: LitDeskClient): LitDeskApi {
  return {
    call: async (command, input) => unwrap(await client.call(command, input)),
    shell: async (request) => unwrap(await client.shell(request)),
  };
}
