import { useEffect, useRef, type ReactNode } from 'react';

const BLOCKED_KEYS = new Set(['c', 'x', 'p', 's', 'a']);

/**
 * The 401(c) inspection is read-only on screen (DESIGN §2-3): no selection, copy, cut, print, save, drag or context
 * menu while it is shown. Content protection of the window (no screen capture) is set by the Electron shell.
 */
export function ProtectedView({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const stop = (e: Event) => { e.preventDefault(); e.stopPropagation(); };
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && BLOCKED_KEYS.has(e.key.toLowerCase())) stop(e);
      if (e.key === 'PrintScreen') stop(e);
    };
    // A selection made programmatically or by a stray drag is dropped at once.
    const onSelection = () => {
      const sel = document.getSelection();
      if (sel && sel.rangeCount > 0 && !sel.isCollapsed) sel.removeAllRanges();
    };
    const events: Array<[string, EventListener]> = [['copy', stop], ['cut', stop], ['contextmenu', stop], ['dragstart', stop], ['selectstart', stop], ['beforeprint', stop]];
    for (const [name, fn] of events) document.addEventListener(name, fn, true);
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('selectionchange', onSelection);
    onSelection();
    return () => {
      for (const [name, fn] of events) document.removeEventListener(name, fn, true);
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('selectionchange', onSelection);
    };
  }, []);
  const stop = (e: { preventDefault: () => void }) => e.preventDefault();
  return (
    <div ref={ref} data-testid="protected-view" onCopy={stop} onCut={stop} onContextMenu={stop} onDragStart={stop}
      style={{ userSelect: 'none', WebkitUserSelect: 'none' }}>
      <style>{'body { user-select: none; -webkit-user-select: none; } @media print { body { display: none !important; } }'}</style>
      {children}
    </div>
  );
}
