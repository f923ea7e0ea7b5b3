import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EmailProofView } from '../../../../shared/api/commands/email.ts';
import { paragraphs } from '../../../../shared/domain/email-html.ts';

/**
 * The proof of an email request (issue 17): the message exactly as each member receives it. The HTML rendering is
 * shown from the same paragraphs the core builds it from (the renderer never injects HTML); the attachment is named
 * with its size and SHA-256. Signing off signs this message's hash; the send refuses any other message.
 */
export function EmailProofPanel({ proof }: { proof: EmailProofView }) {
  const { t } = useTranslation('elections');
  return (
    <Stack gap="xs" data-testid="email-proof">
      <Group gap="xs">
        <Badge variant="light">{t(`emailFormat.${proof.format}`)}</Badge>
        <Text size="xs" c="dimmed" ff="monospace">SHA-256 {proof.sha256.slice(0, 16)}…</Text>
        {proof.signedOff && !proof.signedOff.matches && <Badge color="red" data-testid="email-proof-voided">{t('emailProof.voided')}</Badge>}
      </Group>
      <Paper withBorder p="sm">
        <Title order={5} data-testid="email-proof-subject">{proof.subject}</Title>
        {proof.format === 'html'
          ? paragraphs(proof.text).map((lines, i) => (
            <Text key={i} size="sm" mt="xs">{lines.map((l, j) => <span key={j}>{j > 0 && <br />}{l}</span>)}</Text>
          ))
          : <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }} data-testid="email-proof-text">{proof.text}</Text>}
      </Paper>
      {proof.attachment
        ? <Text size="sm" data-testid="email-proof-attachment">{t('emailProof.attachment', { file: proof.attachment.fileName, kb: Math.ceil(proof.attachment.bytes / 1024) })}
          {' '}<Text span size="xs" c="dimmed" ff="monospace">SHA-256 {proof.attachment.sha256.slice(0, 16)}…</Text></Text>
        : <Text size="sm" c="dimmed">{t('emailProof.noAttachment')}</Text>}
      <Text size="xs" c="dimmed">{t('emailProof.note')}</Text>
    </Stack>
  );
}
