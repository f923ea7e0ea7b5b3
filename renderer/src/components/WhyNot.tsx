import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Why a form cannot be sent yet (issue 16 §6): a disabled button alone tells the user nothing. Shown beside the
 * button while there is a reason, one line each ("Mailer ID is required"), and announced to screen readers.
 */
export function WhyNot({ reasons, testid = 'form-why-not' }: { reasons: readonly string[]; testid?: string }) {
  const { t } = useTranslation('common');
  if (reasons.length === 0) return null;
  // A dark orange that keeps 4.5:1 on white and on grey cards (Mantine orange.9 gives 4.3:1; axe refuses it).
  return (
    <div role="status" data-testid={testid}>
      <Text size="sm" fw={600} c="#9c3a0a">{t('whyNot.title')}</Text>
      <List size="sm" c="#9c3a0a">{reasons.map((r) => <List.Item key={r}>{r}</List.Item>)}</List>
    </div>
  );
}
