import { createContext, useContext } from 'react';
import type { SessionInfo } from '../../../shared/api/commands/foundation.ts';

/** `handOver`: a committee member suspends their session so a candidate or auditor can sign in (issue 12). */
export type SessionCtx = { session: SessionInfo; setSession: (s: SessionInfo) => void; lock: (reason?: 'user' | 'idle') => void; handOver: () => void };
export const SessionContext = createContext<SessionCtx | null>(null);

export function useSession(): SessionCtx {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}
