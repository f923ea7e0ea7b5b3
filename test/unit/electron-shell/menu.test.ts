import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../../electron/main/menu.ts';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [
    ...(i.role ? [String(i.role).toLowerCase()] : []),
    ...(Array.isArray(i.submenu) ? roles(i.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

describe('application menu', () => {
  it.each([false, true])('packaged builds carry no DevTools or reload item (mac: %s)', (mac) => {
    const packaged = roles(menuTemplate({ packaged: true, mac, appName: 'LitDesk' }));
    expect(packaged).not.toContain('toggledevtools');
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('forcereload');
    expect(packaged).toContain('copy');
    const dev = roles(menuTemplate({ packaged: false, mac, appName: 'LitDesk' }));
    expect(dev).toContain('toggledevtools');
  });
});

describe('File menu', () => {
  it('offers the chair\'s backup when the shell wires it (Settings has the same button)', () => {
    let clicked = 0;
    const file = menuTemplate({ packaged: true, mac: false, appName: 'LitDesk', onBackup: () => { clicked++; } }).find((m) => m.label === 'File')!;
    const item = (file.submenu as MenuItemConstructorOptions[]).find((i) => i.label === 'Back Up Vault…')!;
    expect(item.accelerator).toBe('CmdOrCtrl+Shift+B');
    (item.click as () => void)();
    expect(clicked).toBe(1);
  });
});
