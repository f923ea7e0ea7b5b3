import { Group, PasswordInput, Progress, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { judgePassphrase, MIN_PASSPHRASE_LENGTH } from '../../../shared/domain/passphrase.ts';

const COLORS = ['red', 'red', 'orange', 'teal', 'green'] as const;

/** A new-passphrase field with the same strength rule the core enforces (shared/domain/passphrase.ts). */
export function PassphraseField({ value, onChange, context, surroundings, label, autoFocus }: {
  value: string; onChange: (v: string) => void; context: string[]; surroundings?: string[]; label: string; autoFocus?: boolean;
}) {
  const { t } = useTranslation('foundation');
  const verdict = useMemo(() => (value ? judgePassphrase(value, context, surroundings) : null), [value, context, surroundings]);
  return (
    <Stack gap={6}>
      <PasswordInput label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} autoFocus={autoFocus}
        description={t('passphrase.hint', { min: MIN_PASSPHRASE_LENGTH })} data-testid="new-passphrase" />
      {verdict && (
        <Group gap="xs" wrap="nowrap">
          <Progress value={(verdict.score + 1) * 20} color={COLORS[verdict.score]} style={{ flex: 1 }} aria-label={t('passphrase.strength')} />
          <Text size="xs" c={verdict.ok ? 'teal' : 'red'} data-testid="passphrase-verdict">
            {verdict.ok ? t(`passphrase.score${verdict.score}`) : t(`passphrase.${verdict.reason!.split('.')[1]}`, { min: MIN_PASSPHRASE_LENGTH })}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

export const passphraseOk = (value: string, context: string[], surroundings: string[] = []): boolean =>
  judgePassphrase(value, context, surroundings).ok;
