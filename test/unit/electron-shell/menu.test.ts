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
