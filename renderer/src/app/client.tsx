import { notifications } from '@mantine/notifications';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrapClient, type LitDeskApi, type LitDeskClient } from '../../../shared/api/client.ts';
import type { CommandName, Input, Output } from '../../../shared/api/contract.ts';
import { AppError } from '../../../shared/api/errors.ts';

type Ctx = { client: LitDeskApi; onLocked: (fn: () => void) => () => void };
const ClientContext = createContext<Ctx | null>(null);

/** Wraps the preload's client so that any "locked" answer sends the whole app back to the sign-in screen. */
export function ClientProvider({ client, children }: { client: LitDeskClient; children: ReactNode }) {
  const listeners = useRef(new Set<() => void>());
  const [value] = useState<Ctx>(() => {
    const api = unwrapClient(client);
    return {
    client: {
      async call(command, input) {
        try {
          return await api.call(command, input);
        } catch (err) {
          if (err instanceof AppError && err.code === 'auth.locked') for (const l of listeners.current) l();
          throw err;
        }
      },
      shell: (request) => api.shell(request),
    },
    onLocked: (fn) => {
      listeners.current.add(fn);
      return () => listeners.current.delete(fn);
    },
    };
  });
  return <ClientContext.Provider value={value}>{children}</ClientContext.Provider>;
}

export function useClient(): LitDeskApi {
  const ctx = useContext(ClientContext);
  if (!ctx) throw new Error('useClient outside ClientProvider');
  return ctx.client;
}

export function useOnLocked(fn: () => void): void {
  const ctx = useContext(ClientContext)!;
  useEffect(() => ctx.onLocked(fn), [ctx, fn]);
}

export const asAppError = (err: unknown): AppError =>
  err instanceof AppError ? err : new AppError('internal', err instanceof Error ? err.message : String(err));

/** Translates an error value into the user's language: `errors:<code>` with the details as interpolation values. */
const DOMAIN_NAMESPACES = ['members', 'elections', 'merge', 'billing', 'reports'];

/**
 * Translates an error value into the user's language: `errors:<code>`, else `<domain>:errors.<code>` (each domain
 * keeps its own error texts in its namespace file), with the details as interpolation values.
 */
export function useErrorText(): (err: unknown) => string {
  const { t, i18n } = useTranslation('errors');
  return useCallback((err: unknown) => {
    const e = asAppError(err);
    const values = { ...(e.details ?? {}) };
    if (i18n.exists(`errors:${e.code}`)) return t(`errors:${e.code}`, values);
    for (const ns of DOMAIN_NAMESPACES) {
      if (i18n.exists(`${ns}:errors.${e.code}`)) return t(`${ns}:errors.${e.code}`, values);
    }
    return e.message;
  }, [t, i18n]);
}

export type CommandState<T> = { data: T | undefined; error: AppError | null; loading: boolean; reload: () => void };

/** Runs a read command and re-runs it when its input changes (compared as JSON). */
/** Sent on window when a backup was made, so every view of `vault.lastBackup` (the Shell's reminder) asks again. */
export const BACKUP_MADE_EVENT = 'litdesk:backup-made';

export function useCommand<C extends CommandName>(command: C, input: Input<C>, opts: { enabled?: boolean } = {}): CommandState<Output<C>> {
  const client = useClient();
  const [state, setState] = useState<{ data: Output<C> | undefined; error: AppError | null; loading: boolean }>(
    { data: undefined, error: null, loading: opts.enabled !== false },
  );
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(input);
  useEffect(() => {
    if (opts.enabled === false) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    client.call(command, JSON.parse(key) as Input<C>).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (err: unknown) => live && setState({ data: undefined, error: asAppError(err), loading: false }),
    );
    return () => { live = false; };
  }, [client, command, key, tick, opts.enabled]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** A write command behind a button: pending state, translated error notification, optional success message. */
export function useAction<C extends CommandName>(command: C) {
  const client = useClient();
  const errorText = useErrorText();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const run = useCallback(async (input: Input<C>, opts: { success?: string; quiet?: boolean } = {}): Promise<Output<C> | undefined> => {
    setPending(true);
    setError(null);
    try {
      const value = await client.call(command, input);
      if (opts.success) notifications.show({ color: 'teal', message: opts.success });
      return value;
    } catch (err) {
      const e = asAppError(err);
      setError(e);
      if (!opts.quiet) notifications.show({ color: 'red', title: errorText(e), message: '', autoClose: 8000 });
      return undefined;
    } finally {
      setPending(false);
    }
  }, [client, command, errorText]);
  return { run, pending, error };
}
