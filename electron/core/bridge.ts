import type { ShellRequest } from '../../shared/api/client.ts';
import { AppError, type Result } from '../../shared/api/errors.ts';
import type { Backend } from './backend.ts';

export type ShellHandler = (request: ShellRequest) => Promise<string | null>;

/**
 * The `invoke` behind every client: 'api' goes to the router, 'shell' to whatever owns native dialogs (Electron's
 * main process, or an end-to-end test). Payloads arrive untrusted and are checked here and in the router.
 */
export async function invokeBackend(backend: Backend, channel: unknown, payload: unknown, shell: ShellHandler): Promise<Result<unknown>> {
  if (channel === 'api') {
    const p = payload as { command?: unknown; input?: unknown } | null;
    if (!p || typeof p !== 'object') return { ok: false, error: { code: 'api.invalidInput', message: 'Malformed call.' } };
    return backend.dispatch(p.command, p.input);
  }
  if (channel === 'shell') {
    try {
      return { ok: true, value: await shell(payload as ShellRequest) };
    } catch (err) {
      return { ok: false, error: err instanceof AppError ? err.toApiError() : { code: 'shell.failed', message: 'The dialog failed.' } };
    }
  }
  return { ok: false, error: { code: 'api.unknownChannel', message: 'Unknown channel.' } };
}
