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
import { WhyNot } from '../../components/WhyNot.tsx';

export function SubmitRequestModal({ election, onClose, onDone }: { election: ElectionView; onClose: () => void; onDone: (r: RequestView) => void }) {
  const { t } = useTranslation('elections');
  const { session } = useSession();
  const client = useClient();
  const own = session.user.role === 'candidate';
  const candidates = useCommand('candidates.list', { electionId: election.id }, { enabled: !own });
  const submit = useAction('requests.submit');
  const [candidateId, setCandidateId] = useState<number | null>(own ? session.user.candidateId : null);
  // Issue 16 §5: the audience is one the election offers to everyone (saved by the committee), never typed here.
  const offered = useCommand('audiences.list', { electionId: election.id });
  const [chosen, setChosen] = useState<string | null>(null);
  const choices = (offered.data ?? []).map((o) => ({
    value: o.id === null ? 'all' : String(o.id),
    label: `${o.name ?? t('audience.allGoodStanding')} — ${o.count === null ? t('requests.audienceSmall') : t('requests.audienceCount', { count: o.count, n: o.count.toLocaleString() })}`,
    disabled: o.suppressed,
  }));
  const audienceChoice = chosen ?? choices.find((c) => !c.disabled)?.value ?? null;
  const [channel, setChannel] = useState<Channel>(election.channels[0]!);
  // Email (issue 17): the candidate's subject and plain-text message, with the literature PDF attached or as a simple
  // HTML rendering of the text instead.
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [format, setFormat] = useState<EmailFormat>('attachment');
  const compose = useAction('email.compose');
  const [date, setDate] = useState('');
  const [file, setFile] = useState<string | null>(null);

  const audience = (): { audience: Audience } | { audienceId: number } | null =>
    audienceChoice === null ? null : audienceChoice === 'all' ? { audience: { kind: 'allGoodStanding' } } : { audienceId: Number(audienceChoice) };
  const why = [
    candidateId === null && t('requests.why.candidate'),
    offered.data && choices.every((c) => c.disabled) && t('requests.why.noAudience'),
    !/^\d{4}-\d{2}-\d{2}$/.test(date) && t('requests.why.date'),
    file === null && t('requests.why.file'),
    channel === 'email' && subject.trim() === '' && t('requests.why.subject'),
    channel === 'email' && body.trim() === '' && t('requests.why.body'),
  ].filter((x): x is string => typeof x === 'string');
  const ready = why.length === 0 && audience() !== null;
  const go = async () => {
    if (!ready) return;
    const out = await submit.run({ candidateId: candidateId!, ...audience()!, channel, requestedMailingDate: date, literaturePath: file! }, { quiet: true });
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
          <Select label={t('requests.audience')} description={t('requests.audienceHint')} value={audienceChoice} allowDeselect={false} data-testid="request-audience"
            data={choices} onChange={(v) => v && setChosen(v)} />
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
          <ErrorAlert error={submit.error ?? compose.error ?? offered.error} />
          <WhyNot reasons={why} testid="request-why-not" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
            <Button type="submit" disabled={!ready} loading={submit.pending} data-testid="request-submit">{t('requests.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
