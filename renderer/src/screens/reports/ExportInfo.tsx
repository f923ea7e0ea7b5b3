import { Alert, Code, Text } from '@mantine/core';
import { IconFileCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ExportedFile } from '../../../../shared/api/commands/reports.ts';

/** What the auditor writes down: the file's SHA-256, when it was made, the chain head, and the audit entry. */
export function ExportInfo({ file }: { file: (ExportedFile & { savedTo: string | null }) | null }) {
  const { t } = useTranslation('reports');
  if (!file) return null;
  return (
    <Alert color="teal" variant="light" icon={<IconFileCheck size={18} />} title={file.fileName} data-testid="export-info" mt="md">
      <Text size="sm">{t('export.hashLabel')} <Code data-testid="export-sha256">{file.sha256}</Code></Text>
      <Text size="sm">{t('export.provenance', { at: file.generatedAt, seq: file.chainHead.seq, entry: file.auditSeq })}</Text>
      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>{file.chainHead.hash}</Text>
    </Alert>
  );
}
