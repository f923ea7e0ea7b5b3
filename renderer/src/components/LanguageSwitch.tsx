import { Select } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../app/client.tsx';
import { SessionContext } from '../app/session.tsx';
import { LANGUAGES, noteChoiceBeforeSignIn, setLanguage, type Language } from '../i18n/index.ts';

/**
 * The language of the screens. Signed in, the choice is the user's own (session.setLanguage): the documents LitDesk
 * issues to them follow it too. Before sign-in it is remembered and saved to the account at sign-in.
 */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const client = useClient();
  const ctx = useContext(SessionContext);
  const choose = (code: Language) => {
    setLanguage(code);
    if (!ctx) { noteChoiceBeforeSignIn(code); return; }
    void client.call('session.setLanguage', { language: code }).then(ctx.setSession, () => undefined);
  };
  return (
    <Select aria-label={t('language')} data-testid="language-switch" w={150} size="xs" leftSection={<IconLanguage size={16} />}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))} value={i18n.language}
      onChange={(v) => v && choose(v as Language)} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
  );
}
