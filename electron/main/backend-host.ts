import { Worker } from 'node:worker_threads';
import type { Result } from '../../shared/api/errors.ts';
import type { BackendWorkerData, WorkerRequest, WorkerResponse } from '../core/backend-worker.ts';

export type BackendHostOptions = {
  /** The backend thread's entry: out/main/backend-worker.js when bundled, the .ts source under plain Node. */
  workerUrl: URL;
  vaultDir: string;
  demo: boolean;
  workerUrls?: BackendWorkerData['workerUrls'];
};

/** A request before its sequence number is attached (Omit would not distribute over the union). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

type Pending = { worker: Worker; resolve: (result: Result<unknown>) => void };

/** How long quitting waits for the backend to stop its jobs before ending the thread regardless. */
export const SHUTDOWN_WAIT_MS = 15_000;

const stopped: Result<unknown> = {
  ok: false,
  error: { code: 'backend.stopped', message: 'LitDesk’s data engine stopped. Try again; you may need to sign in again.' },
};

/**
 * The main process's side of the backend thread: posts sequence-numbered requests and resolves each reply by its
 * number, so the main thread never waits on SQL or PDF work. If the thread dies, callers get `backend.stopped` (the
 * vault's key died with it, so the user signs in again) and the next call starts a fresh thread.
 */
export class BackendHost {
  readonly #options: BackendHostOptions;
  #worker: Worker | null = null;
  #seq = 0;
  #pending = new Map<number, Pending>();

  constructor(options: BackendHostOptions) {
    this.#options = options;
  }

  /** Starts the thread now rather than on the first call, so the first screen does not wait for it. */
  start(): void {
    this.#ensureWorker();
  }

  call(command: unknown, input: unknown): Promise<Result<unknown>> {
    return this.#send({ kind: 'api', command, input });
  }

  /** Lets the core touch a path the user picked in a native dialog (see core/path-grants.ts). */
  async grant(type: 'file' | 'folder', path: string, purpose: string): Promise<void> {
    const result = await this.#send({ kind: 'grant', type, path, purpose });
    if (!result.ok) throw new Error(`grant refused: ${result.error.code}`);
  }

  /** Vault folder for the next thread started (after a crash); the running backend is not affected. */
  setVaultDir(vaultDir: string): void {
    this.#options.vaultDir = vaultDir;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * When the app quits: asks the backend to lock and let a running job stop (a merge worker ended with work in flight
   * can abort the process), at most SHUTDOWN_WAIT_MS, then ends the thread.
   */
  async shutdown(): Promise<void> {
    if (this.#worker) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.#send({ kind: 'shutdown' }),
        new Promise<void>((resolve) => { timer = setTimeout(resolve, SHUTDOWN_WAIT_MS); }),
      ]);
      clearTimeout(timer);
    }
    await this.stop();
  }

  /** Ends the thread at once: calls still waiting get `backend.stopped`. */
  async stop(): Promise<void> {
    const w = this.#worker;
    this.#worker = null;
    if (w) {
      await w.terminate();
      this.#failAll(w);
    }
  }

  #send(request: Unnumbered<WorkerRequest>): Promise<Result<unknown>> {
    const worker = this.#ensureWorker();
    const id = ++this.#seq;
    return new Promise((resolve) => {
      this.#pending.set(id, { worker, resolve });
      try {
        worker.postMessage({ ...request, id });
      } catch {
        // A payload that cannot be cloned (the renderer's invoke already structured-cloned it, so only a bug here).
        this.#pending.delete(id);
        resolve({ ok: false, error: { code: 'api.invalidInput', message: 'Malformed call.' } });
      }
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const data: BackendWorkerData = {
      role: 'litdesk-backend',
      vaultDir: this.#options.vaultDir,
      demo: this.#options.demo,
      ...(this.#options.workerUrls ? { workerUrls: this.#options.workerUrls } : {}),
    };
    const worker = new Worker(this.#options.workerUrl, { workerData: data });
    worker.on('message', (message: WorkerResponse) => {
      const pending = this.#pending.get(message?.id);
      if (!pending || pending.worker !== worker) return;
      this.#pending.delete(message.id);
      pending.resolve(message.result);
    });
    worker.on('error', (err) => {
      // Name only: an error message from the core could in theory carry data; the stack stays in this process.
      process.stderr.write(`[litdesk] backend thread failed: ${err instanceof Error ? err.name : typeof err}\n`);
    });
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = null;
      this.#failAll(worker);
    });
    this.#worker = worker;
    return worker;
  }

  /** Answers every call still waiting on a thread that has gone. */
  #failAll(worker: Worker): void {
    for (const [id, pending] of this.#pending) {
      if (pending.worker !== worker) continue;
      this.#pending.delete(id);
      pending.resolve(stopped);
    }
  }
}
