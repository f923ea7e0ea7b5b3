// Membership-list import, parsing and validation half (plain Node: never imports 'electron').
export { readMemberFile, previewMemberFile, PREVIEW_ROWS, sensitiveSegmentMapping } from './read-member-file.ts';
export type { ReadMemberOptions, MemberFilePreview } from './read-member-file.ts';
export { detectEncoding } from './encoding.ts';
export { guessMapping, droppedColumns, dropReason, missingFields } from './mapping.ts';
export { openRows } from './open-rows.ts';
export type { OpenOptions, RowSource } from './open-rows.ts';
export * from './types.ts';
