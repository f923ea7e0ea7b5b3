import fs from 'node:fs/promises';
import path from 'node:path';
import { dialog, shell, type BrowserWindow, type OpenDialogOptions } from 'electron';
import { z } from 'zod';
import type { ShellRequest } from '../../shared/api/client.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { BackendHost } from './backend-host.ts';
import { checkSave, MAX_SAVE_BASE64, SAVE_MIMES, type SaveMime, writeSavedFile } from './save-file.ts';

/**
 * Native dialogs for the renderer. The renderer only ever learns a path the user picked; the picked path is granted
 * to the core before it is returned, and the core refuses every path it was not granted (core/path-grants.ts).
 */

const shellRequest = z.discriminatedUnion('op', [
  z.object({ op: z.literal('pickFile'), purpose: z.enum(['memberList', 'literature', 'ownList', 'letter']) }).strict(),
  z.object({ op: z.literal('pickFolder'), purpose: z.enum(['vault', 'output', 'backup', 'backupSource', 'restoreTarget', 'witness']) }).strict(),
  z.object({
    op: z.literal('saveFile'),
    suggestedName: z.string().min(1).max(255),
    base64: z.string().max(MAX_SAVE_BASE64),
    mime: z.enum(Object.keys(SAVE_MIMES) as [SaveMime, ...SaveMime[]]),
  }).strict(),
  z.object({ op: z.literal('showFolder'), path: z.string().min(1).max(4096) }).strict(),
]) satisfies z.ZodType<ShellRequest>;

// Every type the shared contract lets the renderer save must have its checks here (a compile error otherwise).
type ContractMime = Extract<ShellRequest, { op: 'saveFile' }>['mime'];
const _everyContractMimeChecked: Record<ContractMime, unknown> = SAVE_MIMES;
void _everyContractMimeChecked;

const FILE_FILTERS: Record<'memberList' | 'literature' | 'ownList' | 'letter', OpenDialogOptions['filters']> = {
  memberList: [{ name: 'Member list (CSV or Excel)', extensions: ['csv', 'xlsx'] }],
  literature: [{ name: 'Campaign literature (PDF)', extensions: ['pdf'] }],
  ownList: [{ name: 'Mailing list (CSV or text)', extensions: ['csv', 'txt'] }],
  letter: [{ name: 'The candidate\'s letter (PDF)', extensions: ['pdf'] }],
};

const TITLES = {
  memberList: 'Choose the membership list',
  literature: 'Choose the literature PDF',
  ownList: 'Choose the list',
  letter: 'Choose the candidate\'s signed letter',
  vault: 'Choose where to keep the vault',
  output: 'Choose the folder for print files',
  witness: 'Choose the folder on your own media for the audit witness file',
  backup: 'Choose where to save the backup (a USB drive kept locked away)',
  backupSource: 'Choose the backup folder to restore (LitDesk-backup-…)',
  restoreTarget: 'Choose an empty folder for the restored vault',
} as const;

/** Paths the user picked or saved this session: the only ones "show in folder" will open. */
class PickedPaths {
  #folders = new Set<string>();
  #files = new Set<string>();
  addFolder(p: string): void { this.#folders.add(path.resolve(p)); }
  addFile(p: string): void { this.#files.add(path.resolve(p)); }
  covers(p: string): boolean {
    const abs = path.resolve(p);
    if (this.#files.has(abs) || this.#folders.has(abs)) return true;
    for (const folder of this.#folders) {
      const rel = path.relative(folder, abs);
      if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return true;
    }
    return false;
  }
}

export type ShellRequestsDeps = {
  host: BackendHost;
  window: () => BrowserWindow | null;
  /** Folder the save dialog opens in first. */
  documentsDir: string;
};

export function createShellRequests(deps: ShellRequestsDeps): (request: unknown) => Promise<string | null> {
  const picked = new PickedPaths();

  const open = async (options: OpenDialogOptions): Promise<string | null> => {
    const win = deps.window();
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const chosen = result.canceled ? undefined : result.filePaths[0];
    return chosen ? path.resolve(chosen) : null;
  };

  return async (raw) => {
    const parsed = shellRequest.safeParse(raw);
    if (!parsed.success) throw new AppError('shell.invalidRequest', 'LitDesk did not understand that request.');
    const request = parsed.data;

    switch (request.op) {
      case 'pickFile': {
        const file = await open({ title: TITLES[request.purpose], properties: ['openFile'], filters: FILE_FILTERS[request.purpose] });
        if (!file) return null;
        if (!(await fs.stat(file)).isFile()) throw new AppError('shell.notAFile', 'Choose a file, not a folder.');
        await deps.host.grant('file', file, request.purpose);
        picked.addFile(file);
        return file;
      }
      case 'pickFolder': {
        const folder = await open({
          title: TITLES[request.purpose],
          properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
        });
        if (!folder) return null;
        await fs.mkdir(folder, { recursive: true });
        await deps.host.grant('folder', folder, request.purpose);
        picked.addFolder(folder);
        return folder;
      }
      case 'saveFile': {
        const checked = checkSave(request.suggestedName, request.base64, request.mime);
        const { extension, label } = SAVE_MIMES[checked.mime];
        const win = deps.window();
        const options = {
          title: 'Save',
          defaultPath: path.join(deps.documentsDir, checked.fileName),
          filters: [{ name: label, extensions: [extension] }],
          properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'>,
        };
        const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        if (result.canceled || !result.filePath) return null;
        const target = path.resolve(result.filePath);
        await writeSavedFile(target, checked.bytes);
        picked.addFile(target);
        return target;
      }
      case 'showFolder': {
        if (!picked.covers(request.path)) throw new AppError('path.notGranted', 'Choose the folder with the dialog first.');
        const abs = path.resolve(request.path);
        const stat = await fs.stat(abs).catch(() => null);
        if (!stat) throw new AppError('shell.notFound', 'That file or folder is no longer there.');
        // openPath on a file would run it with its default program; a file is only ever revealed, never opened.
        if (stat.isDirectory()) {
          const error = await shell.openPath(abs);
          if (error) throw new AppError('shell.failed', 'The folder could not be opened.');
        } else {
          shell.showItemInFolder(abs);
        }
        return abs;
      }
    }
  };
}
