import { AppError, type Result } from './errors.ts';
import type { CommandName, Input, Output } from './contract.ts';

/**
 * The one typed client the renderer knows. The preload builds it with `ipcRenderer.invoke`; end-to-end tests build
 * the same client with a Playwright binding; both reach the same router (DESIGN §4, §6).
 */
export type Invoke = (channel: 'api' | 'shell', payload: unknown) => Promise<unknown>;

export type ShellRequest =
  | { op: 'pickFile'; purpose: 'memberList' | 'literature' | 'ownList' }
  | { op: 'pickFolder'; purpose: 'vault' | 'output' }
  | { op: 'saveFile'; suggestedName: string; base64: string; mime: 'application/pdf' | 'text/csv' | 'application/x-ndjson' }
  | { op: 'showFolder'; path: string };

export type LitDeskClient = {
  call<C extends CommandName>(command: C, input: Input<C>): Promise<Output<C>>;
  /** Native dialogs live in the shell; a picked path is granted to the core, which refuses paths it was not given. */
  shell(request: ShellRequest): Promise<string | null>;
};

export function createClient(invoke: Invoke): LitDeskClient {
  return {
    async call(command, input) {
      const result = (await invoke('api', { command, input })) as Result<never>;
      if (!result || typeof result !== 'object' || !('ok' in result)) {
        throw new AppError('api.badResponse', 'The backend gave no answer.');
      }
      if (result.ok) return result.value;
      throw new AppError(result.error.code, result.error.message, result.error.details);
    },
    async shell(request) {
      const result = (await invoke('shell', request)) as Result<string | null>;
      if (result.ok) return result.value;
      throw new AppError(result.error.code, result.error.message, result.error.details);
    },
  };
}
