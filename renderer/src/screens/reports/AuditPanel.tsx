import { Alert, Button, Code, Group, Text } from '@mantine/core';
import { IconFileTypeCsv, IconJson, IconShieldCheck, IconShieldX, IconUsb } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditVerdict } from '../../../../shared/api/commands/foundation.ts';
import { useAction, useClient } from '../../app/client.tsx';
import { ExportInfo } from './ExportInfo.tsx';
import { useExport } from './useExport.tsx';

export function AuditPanel() {
  const { t } = useTranslation('reports');
  const verify = useAction('audit.verify');
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);
  const exp = useExport();
  const client = useClient();
  const broken = verdict?.firstBroken;
  return (
    <>
      <Text size="sm" mb="md" maw={760}>{t('audit.intro')}</Text>
      <Group mb="md">
        <Button leftSection={<IconShieldCheck size={16} />} loading={verify.pending} data-testid="reports-audit-verify"
          onClick={async () => { const v = await verify.run({}); if (v) setVerdict(v); }}>{t('audit.verify')}</Button>
        <Button variant="light" leftSection={<IconUsb size={16} />} loading={verify.pending} data-testid="reports-audit-witness"
          onClick={async () => {
            // The witness file lives on the auditor's own media: checked first, extended only when everything holds.
            const folder = await client.shell({ op: 'pickFolder', purpose: 'witness' });
            if (!folder) return;
            const v = await verify.run({ witnessFolder: folder });
            if (v) setVerdict(v);
          }}>{t('audit.witness')}</Button>
        <Button variant="default" leftSection={<IconJson size={16} />} loading={exp.pending} data-testid="audit-export-jsonl"
          onClick={() => exp.run({ report: 'audit', format: 'jsonl' })}>{t('audit.exportJsonl')}</Button>
        <Button variant="default" leftSection={<IconFileTypeCsv size={16} />} loading={exp.pending} data-testid="audit-export-csv"
          onClick={() => exp.run({ report: 'audit', format: 'csv' })}>{t('audit.exportCsv')}</Button>
      </Group>
      {verdict && (verdict.ok
        ? <Alert color="teal" icon={<IconShieldCheck />} data-testid="reports-audit-ok">{t('audit.ok', { entries: verdict.entries })}<br /><Code>{verdict.head}</Code>
            <br />{t('audit.anchors', { count: verdict.anchors ?? 0 })}
            {verdict.witness && <><br />{t('audit.witnessOk', { heads: verdict.witness.heads, appended: verdict.witness.appended })}</>}</Alert>
        : <Alert color="red" icon={<IconShieldX />} data-testid="reports-audit-broken">
            {t('audit.broken', { seq: broken?.seq, reason: t(`audit.reason.${broken?.reason ?? 'hash'}`) })}
            {broken?.document && <><br />{t(broken.source === 'witness' ? 'audit.againstWitness' : 'audit.againstDocument', { document: broken.document })}</>}
          </Alert>)}
      <Text size="sm" mt="md">{t('audit.outside')} <Code>node verify-audit-export.mjs audit-trail.jsonl</Code></Text>
      <ExportInfo file={exp.last} />
    </>
  );
}
