import { Button, Group, Modal, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, ElectionView, RequestView } from '../../../../shared/api/commands/elections.ts';
import type { Audience } from '../../../../shared/domain/audience.ts';
import type { EmailFormat } from '../../../../shared/api/commands/email.ts';
import { useAction, useClient, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

type SegmentField = 'local' | 'worksite' | 'shift' | 'zip5';

export function SubmitRequestModal({ election, onClose, onDone }: { election: ElectionView; onClose: () => void; onDone: (r: RequestView) => void }) {
  const { t } = useTranslation('elections');
  const { session } = useSession();
  const client = useClient();
  const own = session.user.role === 'candidate';
  const candidates = useCommand('candidates.list', { electionId: election.id }, { enabled: !own });
  const submit = useAction('requests.submit');
  const [candidateId, setCandidateId] = useState<number | null>(own ? session.user.candidateId : null);
  const [kind, setKind] = useState<Audience['kind']>(election.audienceKinds[0] ?? 'allGoodStanding');
  const [field, setField] = useState<SegmentField>('local');
  const [values, setValues] = useState('');
  const [zipFrom, setZipFrom] = useState('');
  const [zipTo, setZipTo] = useState('');
  const [channel, setChannel] = useState<Channel>(election.channels[0]!);
  // Email (issue 17): the candidate's subject and plain-text message, with the literature PDF attached or as a simple
  // HTML rendering of the text instead.
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [format, setFormat] = useState<EmailFormat>('attachment');
  const compose = useAction('email.compose');
  const [date, setDate] = useState('');
  const [file, setFile] = useState<string | null>(null);

  const audience = (): Audience | null => {
    if (kind === 'allGoodStanding') return { kind };
    if (field === 'zip5') return /^\d{5}$/.test(zipFrom) && /^\d{5}$/.test(zipTo) ? { kind: 'segment', combine: 'and', filters: [{ field, from: zipFrom, to: zipTo }] } : null;
    const list = values.split(',').map((v) => v.trim()).filter(Boolean);
    return list.length ? { kind: 'segment', combine: 'and', filters: [{ field, values: list }] } : null;
  };
  const ready = candidateId !== null && audience() !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) && file !== null
    && (channel !== 'email' || (subject.trim() !== '' && body.trim() !== ''));
  const go = async () => {
    if (!ready) return;
    const out = await submit.run({ candidateId: candidateId!, audience: audience()!, channel, requestedMailingDate: date, literaturePath: file! }, { quiet: true });
    if (out && channel === 'email') {
      const message = await compose.run({ requestId: out.id, subject: subject.trim(), body, format }, { quiet: true });
      if (!message) return;
    }
    if (out) onDone(out);
  };
  return (
    <Modal opened onClose={onClose} title={t('requests.submitTitle')} size="lg">
      <form onSubmit={(ev) => { ev.preventDefault(); void go(); }}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">{t('requests.submitHint', { size: t(`pageSize.${election.rules.pageSize}`), pages: election.rules.maxPages })}</Text>
          {!own && <Select label={t('requests.candidate')} data={(candidates.data ?? []).filter((c) => c.active).map((c) => ({ value: String(c.id), label: `${c.fullName} — ${c.office}` }))}
            value={candidateId === null ? null : String(candidateId)} onChange={(v) => setCandidateId(v ? Number(v) : null)} data-testid="request-candidate" />}
          <Select label={t('requests.audience')} value={kind} allowDeselect={false} data-testid="request-audience"
            data={election.audienceKinds.map((k) => ({ value: k, label: t(`audience.${k}`) }))} onChange={(v) => v && setKind(v as Audience['kind'])} />
          {kind === 'segment' && (
            <Group grow align="flex-end">
              <Select label={t('requests.segmentField')} value={field} allowDeselect={false} onChange={(v) => v && setField(v as SegmentField)}
                data={(['local', 'worksite', 'shift', 'zip5'] as const).map((f) => ({ value: f, label: t(`segment.${f}`) }))} />
              {field === 'zip5'
                ? <Group grow><TextInput label={t('requests.zipFrom')} value={zipFrom} onChange={(e) => setZipFrom(e.currentTarget.value)} /><TextInput label={t('requests.zipTo')} value={zipTo} onChange={(e) => setZipTo(e.currentTarget.value)} /></Group>
                : <TextInput label={t('requests.segmentValues')} description={t('requests.segmentValuesHint')} value={values} onChange={(e) => setValues(e.currentTarget.value)} />}
            </Group>
          )}
          <Group grow>
            <Select label={t('requests.channel')} value={channel} allowDeselect={false} data-testid="request-channel"
              data={election.channels.map((c) => ({ value: c, label: t(`mailClass.${c}`) }))} onChange={(v) => v && setChannel(v as Channel)} />
            <TextInput type="date" label={t('requests.mailingDate')} value={date} onChange={(e) => setDate(e.currentTarget.value)} data-testid="request-date" />
          </Group>
          {channel === 'email' && <>
            <TextInput label={t('requests.emailSubject')} value={subject} maxLength={200} onChange={(e) => setSubject(e.currentTarget.value)} data-testid="request-email-subject" required />
            <Textarea label={t('requests.emailBody')} description={t('requests.emailBodyHint')} value={body} autosize minRows={5} maxLength={50_000}
              onChange={(e) => setBody(e.currentTarget.value)} data-testid="request-email-body" required />
            <Radio.Group label={t('requests.emailFormat')} value={format} onChange={(v) => { if (v === 'attachment' || v === 'html') setFormat(v); }} data-testid="request-email-format">
              <Stack gap={4} mt={4}>
                <Radio value="attachment" label={t('emailFormat.attachment')} description={t('emailFormat.attachmentHint')} />
                <Radio value="html" label={t('emailFormat.html')} description={t('emailFormat.htmlHint')} data-testid="request-email-format-html" />
              </Stack>
            </Radio.Group>
          </>}
          <Group>
            <Button variant="light" leftSection={<IconFileUpload size={16} />} data-testid="request-pick-file"
              onClick={async () => { const p = await client.shell({ op: 'pickFile', purpose: 'literature' }); if (p) setFile(p); }}>{t('requests.pickFile')}</Button>
            <Text size="sm" data-testid="request-file-name">{file ? file.split(/[\\/]/).pop() : t('requests.noFile')}</Text>
          </Group>
          <ErrorAlert error={submit.error ?? compose.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
            <Button type="submit" disabled={!ready} loading={submit.pending} data-testid="request-submit">{t('requests.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
