import type { CSSProperties, SyntheticEvent } from 'react';

// Member views offer no export, print or copy: text cannot be selected, and copy, cut, drag and the context menu
// are swallowed. (A screenshot cannot be prevented; the confidentiality agreement covers that.)
const stop = (e: SyntheticEvent) => e.preventDefault();

export const noCopy: {
  style: CSSProperties;
  onCopy: typeof stop; onCut: typeof stop; onDragStart: typeof stop; onContextMenu: typeof stop;
  'data-nocopy': 'true';
} = {
  style: { userSelect: 'none', WebkitUserSelect: 'none' },
  onCopy: stop,
  onCut: stop,
  onDragStart: stop,
  onContextMenu: stop,
  'data-nocopy': 'true',
};
