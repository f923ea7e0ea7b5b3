import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu. Packaged builds carry no DevTools or reload item (and webPreferences.devTools is off as
 * well, so no shortcut can open them); an unpackaged run keeps both for development.
 */
export function menuTemplate(options: { packaged: boolean; mac: boolean; appName: string; onBackup?: () => void }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (!options.packaged) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });

  const template: MenuItemConstructorOptions[] = [];
  if (options.mac) {
    template.push({
      label: options.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        // The chair's encrypted backup (Settings has the same button, with the last backup's date and contents).
        ...(options.onBackup ? [{ label: 'Back Up Vault…', accelerator: 'CmdOrCtrl+Shift+B', click: options.onBackup }, { type: 'separator' as const }] : []),
        options.mac ? { role: 'close' as const } : { role: 'quit' as const },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' }, { role: 'redo' }, { type: 'separator' },
        { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  );
  return template;
}
