import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { WhyNot } from './WhyNot.tsx';

/**
 * A step that cannot be taken back asks first (issue 16 §6), and says what happens and to whom: publishing a rate
 * card notifies every candidate, a sign-off fixes the proof, an authorisation and a release start a mailing. The
 * confirm button repeats the action's own name, so a reflexive "OK" is not enough to read past it.
 */
export function ConfirmStep({ opened, title, happens, who, confirm, loading, onConfirm, onClose, testid, blocked = [] }: {
  opened: boolean; title: string; happens: string[]; who: string; confirm: string; loading?: boolean;
  /** Why the step would be refused now (the core refuses it too): shown, and the confirm button stays disabled. */
  blocked?: string[];
  onConfirm: () => void; onClose: () => void; testid: string;
}) {
  const { t } = useTranslation('common');
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" data-testid={testid}>
      <Stack gap="sm">
        <Text fw={600} size="sm">{t('confirm.happens')}</Text>
        <List size="sm" data-testid={`${testid}-happens`}>{happens.map((h) => <List.Item key={h}>{h}</List.Item>)}</List>
        <Text fw={600} size="sm">{t('confirm.who')}</Text>
        <Text size="sm" data-testid={`${testid}-who`}>{who}</Text>
        <WhyNot reasons={blocked} testid={`${testid}-why-not`} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose} data-testid={`${testid}-cancel`}>{t('cancel')}</Button>
          <Button loading={loading} disabled={blocked.length > 0} onClick={onConfirm} data-testid={`${testid}-confirm`}>{confirm}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
