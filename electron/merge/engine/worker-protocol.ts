import type { BatchResult, Geometry, MergeErrorCode, Piece } from './types.ts';

/** Sent once per worker as workerData: the job's constants (copied once, not once per batch). */
export type WorkerSetup = {
  literature: Uint8Array; font: Uint8Array; geometry: Geometry; objectStreams: boolean; recipientKey?: string;
  /** One Int32 over a SharedArrayBuffer, set to 1 by the pool when the job stops: seen at once, mid-batch. */
  stop: Int32Array;
};

/**
 * `stop` asks the worker to abandon its batch at the next piece and answer `stopped` once nothing of it is still
 * running: the pool ends a thread only then (see `stopWorker` in pool.ts).
 */
export type ToWorker = { type: 'batch'; id: number; pieces: Piece[]; outPath: string } | { type: 'stop' };

export type FromWorker =
  | { type: 'progress'; id: number; done: number }
  | { type: 'done'; id: number; result: BatchResult }
  | { type: 'failed'; id: number; error: { code: MergeErrorCode; message: string; details: Record<string, string | number> } }
  | { type: 'stopped' };
