import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportProgress } from '../../../../shared/api/commands/members.ts';
import { useClient } from '../../app/client.tsx';

/**
 * Runs a long file command (validate, commit) while polling the passive progress command, so the bar moves and
 * polling does not keep the session awake. Cancel is a pure signal to the core.
 */
export function useImportProgress() {
  const client = useClient();
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  const stop = useCallback(() => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const track = useCallback(async <T,>(work: Promise<T>): Promise<T> => {
    stop();
    timer.current = setInterval(() => {
      client.call('members.importProgress', {}).then(setProgress, () => undefined);
    }, 250);
    try {
      return await work;
    } finally {
      stop();
      setProgress(null);
    }
  }, [client, stop]);

  const cancel = useCallback(() => client.call('members.importCancel', {}).catch(() => undefined), [client]);
  return { progress, track, cancel };
}
