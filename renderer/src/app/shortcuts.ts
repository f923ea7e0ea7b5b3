import { useEffect, useRef } from 'react';

/**
 * Keyboard shortcuts for the main screens (issue 16 §7): "G" then a letter, as in many web apps. Plain two-key
 * sequences never clash with the browser's or Electron's menu accelerators (Ctrl/Cmd/Alt combinations, F-keys), and
 * AltGr (Ctrl+Alt) stays free for Spanish and Vietnamese keyboards. Ignored while typing in a field. "?" opens the
 * list of shortcuts (also a button in the header).
 */
export const SCREEN_KEYS: Record<string, string> = {
  members: 'm',
  segments: 'a',
  requests: 'r',
  notices: 'n',
  elections: 'e',
  candidates: 'c',
  inspection: 'i',
  production: 'p',
  billing: 'b',
  'my-billing': 'b',
  reports: 't',
  countersign: 'f',
  audit: 'l',
  users: 'u',
  settings: 's',
};

/** How long after "G" the second key still counts. */
const SEQUENCE_MS = 1500;

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.getAttribute('role') === 'combobox';
}

export function useScreenShortcuts(screenIds: string[], go: (id: string) => void, openHelp: () => void, enabled: boolean): void {
  const pendingSince = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === '?') { e.preventDefault(); openHelp(); return; }
      const key = e.key.toLowerCase();
      if (pendingSince.current && Date.now() - pendingSince.current < SEQUENCE_MS) {
        pendingSince.current = 0;
        const id = screenIds.find((s) => SCREEN_KEYS[s] === key);
        if (id) { e.preventDefault(); go(id); }
        return;
      }
      pendingSince.current = key === 'g' && !e.shiftKey ? Date.now() : 0;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screenIds, go, openHelp, enabled]);
}
