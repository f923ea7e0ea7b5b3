import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { App } from './app/App.tsx';
import { ClientProvider } from './app/client.tsx';
import { initI18n } from './i18n/index.ts';
import { cssVariablesResolver, themeFor } from './app/theme.ts';

/** The theme follows the language: close buttons are named in it. */
function Themed({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const theme = useMemo(() => themeFor(t('close')), [t]);
  return <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>{children}</MantineProvider>;
}

initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Themed>
      <Notifications position="top-right" />
      <ClientProvider client={window.litdesk}>
        <App />
      </ClientProvider>
    </Themed>
  </StrictMode>,
);
