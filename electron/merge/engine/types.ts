// Shapes shared by the merge engine, its worker pool and its callers. Plain Node: never import 'electron' here.

/** Points, origin at the bottom-left of a US Letter page (612 x 792). */
export type Geometry = {
  /** The envelope window rectangle, on page 1 of the piece (or on the separate address page). */
  windowX: number;
  windowY: number;
  windowW: number;
  windowH: number;
  /** Clear space kept empty inside the window on every side: 9 pt = 1/8 in (DESIGN §7). */
  clear: number;
  /** 'window': address printed on literature page 1; 'addressPage': a separate first page per piece. */
  mode: 'window' | 'addressPage';
  /**
   * 'duplex' (also when absent): a piece with an odd page count gets a blank back, so printed two-sided every piece
   * starts on its own sheet and no member's address page backs another member's sheet. 'simplex': no padding.
   */
  sides?: 'duplex' | 'simplex';
};

/** One mail piece: address lines already in Publication 28 style, and the 65-bar IMb as A/D/T/F letters. */
export type Piece = { lines: string[]; imb?: string; seed?: boolean };

/**
 * `bytes`/`sha256`: the file written. `pdfBytes`/`pdfSha256`: the clear PDF (the same as the file unless the batch
 * was sealed to a mail house's key, when the file is the OpenPGP message and the clear PDF never touched the disk).
 */
export type BatchResult = { pieces: number; seeds: number; pages: number; bytes: number; sha256: string; pdfBytes: number; pdfSha256: string };

export type WriteBatchOptions = {
  literature: Uint8Array;
  pieces: Piece[];
  geometry: Geometry;
  font: Uint8Array;
  outPath: string;
  /** Page dictionaries packed into compressed object streams: about 2x smaller files, a little slower. */
  objectStreams?: boolean;
  /** Called with the pieces' worth of work done so far (every 100 pieces of each pass; `pieces.length` once the file is complete). */
  onProgress?: (piecesDone: number) => void;
  /** The mail house's armored OpenPGP public key: the batch is built in memory and only its encryption is written. */
  recipientKey?: string;
  /** True once the job is being stopped: the batch is abandoned at its next progress step and never committed. */
  stopped?: () => boolean;
};

export type MergeErrorCode =
  | 'merge.badGeometry'
  | 'merge.literatureUnreadable'
  | 'merge.literatureEmpty'
  | 'merge.fontUnreadable'
  | 'merge.missingGlyph'
  | 'merge.emptyAddress'
  | 'merge.addressTooTall'
  | 'merge.addressTooWide'
  | 'merge.pieceCheckFailed'
  | 'merge.badBarcode'
  | 'merge.writeFailed'
  | 'merge.workerFailed'
  | 'merge.cancelled';

/**
 * An error a user may see: a stable code plus plain details. Details never carry a member's name or
 * address (only piece positions and code points), so they are safe to log and to show.
 */
export class MergeError extends Error {
  readonly code: MergeErrorCode;
  readonly details: Record<string, string | number>;
  constructor(code: MergeErrorCode, message: string, details: Record<string, string | number> = {}) {
    super(message);
    this.name = 'MergeError';
    this.code = code;
    this.details = details;
  }
}
