import path from 'node:path';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Result } from '../../shared/api/errors.ts';
import { Backend, type BackendOptions } from './backend.ts';
import { FILE_PURPOSES, FOLDER_PURPOSES, type FilePurpose, type FolderPurpose } from './path-grants.ts';

/**
 * The backend's thread (DESIGN §4): the Electron main process only shuttles messages, so SQL and PDF work never
 * block windows or menus. Plain Node on purpose — this file must never import 'electron' (lint enforces it).
 * Requests and responses carry a sequence number, as in Signal Desktop's ts/sql/main.ts, so replies may arrive in
 * any order (reads run while a long write is queued).
 */

export type BackendWorkerData = {
  /** Marks the thread as the backend's, so importing this module from any other worker serves nothing. */
  role: 'litdesk-backend';
  vaultDir: string;
  demo: boolean;
  /** URLs (as strings: URL objects do not survive structured clone) of the bundled helper workers. */
  workerUrls?: Partial<Record<'mergeBatch' | 'membersPrepare' | 'vaultCheckpoint', string>>;
};

export type WorkerRequest =
  | { id: number; kind: 'api'; command: unknown; input: unknown }
  | { id: number; kind: 'grant'; type: 'file' | 'folder'; path: string; purpose: string }
  | { id: number; kind: 'shutdown' };

export type WorkerResponse = { id: number; result: Result<unknown> };

const malformed = (message: string): Result<unknown> => ({ ok: false, error: { code: 'api.invalidInput', message } });

/** Answers one message; never throws (the router itself never throws either). */
export async function handleMessage(backend: Backend, message: unknown): Promise<WorkerResponse | null> {
  if (!message || typeof message !== 'object') return null;
  const m = message as Record<string, unknown>;
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return null;
  const id = m.id;
  if (m.kind === 'api') {
    return { id, result: await backend.dispatch(m.command, m.input) };
  }
  if (m.kind === 'shutdown') {
    // Only the main process sends it, when the app quits: lock, and answer once background jobs have stopped.
    await backend.shutdown();
    return { id, result: { ok: true, value: null } };
  }
  if (m.kind === 'grant') {
    // Only the main process sends grants, right after a native dialog; still, refuse anything but an absolute path.
    if ((m.type !== 'file' && m.type !== 'folder') || typeof m.path !== 'string' || !path.isAbsolute(m.path) || m.path.includes('\0')) {
      return { id, result: malformed('Malformed grant.') };
    }
    // The grant keeps the purpose the dialog was opened for (issue 12 §6).
    if (m.type === 'file' && FILE_PURPOSES.includes(m.purpose as FilePurpose)) backend.grants.grantFile(m.path, m.purpose as FilePurpose);
    else if (m.type === 'folder' && FOLDER_PURPOSES.includes(m.purpose as FolderPurpose)) backend.grants.grantFolder(m.path, m.purpose as FolderPurpose);
    else return { id, result: malformed('Malformed grant.') };
    return { id, result: { ok: true, value: null } };
  }
  return { id, result: malformed('Unknown message kind.') };
}

export function backendOptionsFrom(data: unknown): BackendOptions {
  const d = (data ?? {}) as Partial<BackendWorkerData>;
  if (typeof d.vaultDir !== 'string' || !path.isAbsolute(d.vaultDir)) throw new Error('backend worker: vaultDir must be an absolute path');
  const workerUrls: BackendOptions['workerUrls'] = {};
  if (typeof d.workerUrls?.mergeBatch === 'string') workerUrls.mergeBatch = new URL(d.workerUrls.mergeBatch);
  if (typeof d.workerUrls?.membersPrepare === 'string') workerUrls.membersPrepare = new URL(d.workerUrls.membersPrepare);
  if (typeof d.workerUrls?.vaultCheckpoint === 'string') workerUrls.vaultCheckpoint = new URL(d.workerUrls.vaultCheckpoint);
  return { vaultDir: d.vaultDir, demo: d.demo === true, workerUrls };
}

export function serve(port: MessagePort, backend: Backend): void {
  port.on('message', (message: unknown) => {
    void handleMessage(backend, message).then((response) => {
      if (response) port.postMessage(response);
    });
  });
}

if (!isMainThread && parentPort && (workerData as Partial<BackendWorkerData> | null)?.role === 'litdesk-backend') {
  serve(parentPort, new Backend(backendOptionsFrom(workerData)));
}
