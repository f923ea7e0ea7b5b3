import { Alert, Button, Code, Group, Text } from '@mantine/core';
import { IconFileTypeCsv, IconJson, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditVerdict } from '../../../../shared/api/commands/foundation.ts';
import { useAction } from '../../app/client.tsx';
import { ExportInfo } from './ExportInfo.tsx';
import { useExport } from './useExport.tsx';

export function AuditPanel() {
  const { t } = useTranslation('reports');
  const verify = useAction('audit.verify');
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);
  const exp = useExport();
  return (
    <>
      <Text size="sm" mb="md" maw={760}>{t('audit.intro')}</Text>
      <Group mb="md">
        <Button leftSection={<IconShieldCheck size={16} />} loading={verify.pending} data-testid="reports-audit-verify"
          onClick={async () => { const v = await verify.run({}); if (v) setVerdict(v); }}>{t('audit.verify')}</Button>
        <Button variant="default" leftSection={<IconJson size={16} />} loading={exp.pending} data-testid="audit-export-jsonl"
          onClick={() => exp.run({ report: 'audit', format: 'jsonl' })}>{t('audit.exportJsonl')}</Button>
        <Button variant="default" leftSection={<IconFileTypeCsv size={16} />} loading={exp.pending} data-testid="audit-export-csv"
          onClick={() => exp.run({ report: 'audit', format: 'csv' })}>{t('audit.exportCsv')}</Button>
      </Group>
      {verdict && (verdict.ok
        ? <Alert color="teal" icon={<IconShieldCheck />} data-testid="reports-audit-ok">{t('audit.ok', { entries: verdict.entries })}<br /><Code>{verdict.head}</Code></Alert>
        : <Alert color="red" icon={<IconShieldX />} data-testid="reports-audit-broken">{t('audit.broken', { seq: verdict.firstBroken?.seq, reason: verdict.firstBroken?.reason })}</Alert>)}
      <Text size="sm" mt="md">{t('audit.outside')} <Code>node verify-audit-export.mjs audit-trail.jsonl</Code></Text>
      <ExportInfo file={exp.last} />
    </>
  );
}
