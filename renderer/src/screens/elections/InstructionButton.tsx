import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconFileCertificate } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useClient } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { today } from '../billing/money.ts';

type Instruction = { kind: 'withdrawRequest'; requestId: number } | { kind: 'acceptOffer' | 'declineOffer'; offerId: number };

/**
 * Only the candidate decides (DESIGN §2). A committee member who received the candidate's decision in writing records
 * the letter here: the PDF is kept, the decision applies as the candidate's, and the candidate gets a notice.
 */
export function InstructionButton({ candidateId, instruction, onDone }: { candidateId: number; instruction: Instruction; onDone: () => void }) {
  const { t } = useTranslation('elections');
  const { session } = useSession();
  const client = useClient();
  const record = useAction('candidates.recordInstruction');
  const [opened, setOpened] = useState(false);
  const [dated, setDated] = useState(() => today(session.timeZone));
  const [letter, setLetter] = useState<string | null>(null);
  return (
    <>
      <Button size="xs" variant="default" leftSection={<IconFileCertificate size={14} />} data-testid={`instruction-${instruction.kind}`}
        onClick={() => setOpened(true)}>{t(`instruction.button.${instruction.kind}`)}</Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t(`instruction.button.${instruction.kind}`)}>
        <Stack>
          <Text size="sm">{t('instruction.explain')}</Text>
          <Group>
            <Button variant="light" size="xs" data-testid="instruction-letter" onClick={async () => {
              const p = await client.shell({ op: 'pickFile', purpose: 'letter' });
              if (p) setLetter(p);
            }}>{t('instruction.pickLetter')}</Button>
            <Text size="sm" c="dimmed">{letter ?? t('instruction.noLetter')}</Text>
          </Group>
          <TextInput label={t('instruction.dated')} value={dated} onChange={(e) => setDated(e.currentTarget.value)} data-testid="instruction-dated" />
          <ErrorAlert error={record.error} />
          <Button disabled={!letter} loading={record.pending} data-testid="instruction-record" onClick={async () => {
            if (!letter) return;
            if (await record.run({ candidateId, instruction, dated, letterPath: letter }, { quiet: true, success: t('instruction.recorded') })) { setOpened(false); onDone(); }
          }}>{t('instruction.record')}</Button>
        </Stack>
      </Modal>
    </>
  );
}
