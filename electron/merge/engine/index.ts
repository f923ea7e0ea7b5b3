// The merge engine's public surface. Plain Node: safe in worker threads and the backend core, never imports 'electron'.
export type { BatchResult, Geometry, MergeErrorCode, Piece, WriteBatchOptions } from './types.ts';
export { MergeError } from './types.ts';
export { DEFAULT_GEOMETRY, IMB, innerBox, LETTER_H, LETTER_W, SIDEWAYS, toleranceBox, validateGeometry } from './geometry.ts';
export { blockFit, layoutBlock, MIN_SIZE, type BlockLayout, type FitProblem } from './address.ts';
export { loadFace } from './font.ts';
export { checkCoverage } from './font.ts';
export { cleanLine } from './text.ts';
export { writeBatch } from './write-batch.ts';
export { writeCalibrationSheet, type CalibrationLabels } from './calibration.ts';
export { defaultWorkers, runBatches, type BatchDone, type BatchTask, type RunBatchesOptions, type RunBatchesResult } from './pool.ts';
