import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Why a form cannot be sent yet (issue 16 §6): a disabled button alone tells the user nothing. Shown beside the
 * button while there is a reason, one line each ("Mailer ID is required"), and announced to screen readers.
 */
export function WhyNot({ reasons, testid = 'form-why-not' }: { reasons: readonly string[]; testid?: string }) {
  const { t } = useTranslation('common');
  if (reasons.length === 0) return null;
  return (
    <div role="status" data-testid={testid}>
      <Text size="sm" fw={600} c="orange.9">{t('whyNot.title')}</Text>
      <List size="sm" c="orange.9">{reasons.map((r) => <List.Item key={r}>{r}</List.Item>)}</List>
    </div>
  );
}
