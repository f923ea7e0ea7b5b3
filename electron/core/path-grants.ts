import path from 'node:path';
import { AppError } from '../../shared/api/errors.ts';

/**
 * Files and folders the core may touch are the ones the user picked in a native dialog: the shell grants each
 * picked path, and commands refuse any other path, so a forged IPC call cannot make the core read or write
 * elsewhere.
 */
export class PathGrants {
  #files = new Set<string>();
  #folders = new Set<string>();

  grantFile(p: string): void { this.#files.add(path.resolve(p)); }
  grantFolder(p: string): void { this.#folders.add(path.resolve(p)); }

  requireFile(p: string): string {
    const abs = path.resolve(p);
    if (!this.#files.has(abs)) throw new AppError('path.notGranted', 'Choose the file with the Open dialog first.');
    return abs;
  }
  requireFolder(p: string): string {
    const abs = path.resolve(p);
    if (!this.#folders.has(abs)) throw new AppError('path.notGranted', 'Choose the folder with the dialog first.');
    return abs;
  }
}
