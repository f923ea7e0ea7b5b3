import type { BatchResult, Geometry, MergeErrorCode, Piece } from './types.ts';

/** Sent once per worker as workerData: the job's constants (copied once, not once per batch). */
export type WorkerSetup = { literature: Uint8Array; font: Uint8Array; geometry: Geometry; objectStreams: boolean; recipientKey?: string };

export type ToWorker = { type: 'batch'; id: number; pieces: Piece[]; outPath: string };

export type FromWorker =
  | { type: 'progress'; id: number; done: number }
  | { type: 'done'; id: number; result: BatchResult }
  | { type: 'failed'; id: number; error: { code: MergeErrorCode; message: string; details: Record<string, string | number> } };
