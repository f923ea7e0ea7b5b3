import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input } from '../../../../shared/api/contract.ts';
import type { ExportedFile } from '../../../../shared/api/commands/reports.ts';
import { useAction, useClient, useErrorText } from '../../app/client.tsx';

/** Builds a report file in the core (which audits it) and hands it to the native Save dialog. */
export function useExport() {
  const { t } = useTranslation('reports');
  const client = useClient();
  const errorText = useErrorText();
  const action = useAction('reports.export');
  const [last, setLast] = useState<(ExportedFile & { savedTo: string | null }) | null>(null);
  const run = async (input: Input<'reports.export'>) => {
    const f = await action.run(input);
    if (!f) return;
    try {
      const savedTo = await client.shell({ op: 'saveFile', suggestedName: f.fileName, base64: f.base64, mime: f.mime as 'text/csv' });
      setLast({ ...f, savedTo });
      notifications.show({ color: 'teal', title: savedTo ? t('export.saved') : t('export.notSaved'), message: t('export.hash', { sha256: f.sha256 }) });
    } catch (err) {
      notifications.show({ color: 'red', title: errorText(err), message: '' });
    }
  };
  return { run, pending: action.pending, last };
}
