import { Select } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Select aria-label={t('language')} data-testid="language-switch" w={150} size="xs" leftSection={<IconLanguage size={16} />}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))} value={i18n.language}
      onChange={(v) => v && setLanguage(v as Language)} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
  );
}
