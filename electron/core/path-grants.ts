import path from 'node:path';
import { AppError } from '../../shared/api/errors.ts';

/** What a picked path was picked for: the dialog's purpose (shared/api/client.ts ShellRequest). */
export type FilePurpose = 'memberList' | 'literature' | 'ownList' | 'letter';
export type FolderPurpose = 'vault' | 'output' | 'witness' | 'backup' | 'backupSource' | 'restoreTarget';
export const FILE_PURPOSES: readonly FilePurpose[] = ['memberList', 'literature', 'ownList', 'letter'];
export const FOLDER_PURPOSES: readonly FolderPurpose[] = ['vault', 'output', 'witness', 'backup', 'backupSource', 'restoreTarget'];

/**
 * Files and folders the core may touch are the ones the user picked in a native dialog: the shell grants each
 * picked path, and commands refuse any other path, so a forged IPC call cannot make the core read or write
 * elsewhere. Issue 12 §6: a grant is bound to the purpose it was picked for (a literature PDF cannot be read as a
 * member list) and ends with the session that picked it (lock, sign-out, hand-over, the next unlock).
 */
export class PathGrants {
  #files = new Map<string, Set<FilePurpose>>();
  #folders = new Map<string, Set<FolderPurpose>>();

  grantFile(p: string, purpose: FilePurpose): void { add(this.#files, path.resolve(p), purpose); }
  grantFolder(p: string, purpose: FolderPurpose): void { add(this.#folders, path.resolve(p), purpose); }

  requireFile(p: string, purpose: FilePurpose): string {
    const abs = path.resolve(p);
    if (!this.#files.get(abs)?.has(purpose)) throw new AppError('path.notGranted', 'Choose the file with the Open dialog first.');
    return abs;
  }
  requireFolder(p: string, purpose: FolderPurpose): string {
    const abs = path.resolve(p);
    if (!this.#folders.get(abs)?.has(purpose)) throw new AppError('path.notGranted', 'Choose the folder with the dialog first.');
    return abs;
  }

  /** Ends every grant: called whenever the person at the keyboard may change. */
  clear(): void {
    this.#files.clear();
    this.#folders.clear();
  }
}

function add<P>(map: Map<string, Set<P>>, key: string, purpose: P): void {
  const set = map.get(key) ?? new Set<P>();
  set.add(purpose);
  map.set(key, set);
}
