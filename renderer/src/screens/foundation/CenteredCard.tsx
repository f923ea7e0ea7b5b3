import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';

/** The frame of the screens before the app proper: setup, sign-in, passphrase change, agreement. */
export function CenteredCard({ title, subtitle, children, width = 460 }: { title: string; subtitle?: string; children: ReactNode; width?: number }) {
  return (
    <Box mih="100vh" bg="gray.0">
      <Group justify="flex-end" p="md"><LanguageSwitch /></Group>
      <Center pb="xl">
        <Paper withBorder shadow="sm" p="xl" w={width} radius="lg">
          <Stack gap="md">
            <Group gap="xs"><IconMail size={26} /><Text fw={700} size="lg">LitDesk</Text></Group>
            <Title order={3}>{title}</Title>
            {subtitle && <Text c="dimmed" size="sm">{subtitle}</Text>}
            {children}
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
