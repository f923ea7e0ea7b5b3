import { Center, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <Center py="xl" data-testid="empty-state">
      <Stack align="center" gap="xs" maw={420}>
        <ThemeIcon size={48} radius="xl" variant="light" color="gray"><IconInbox size={28} /></ThemeIcon>
        <Text fw={600}>{title}</Text>
        {hint && <Text c="dimmed" size="sm" ta="center">{hint}</Text>}
        {action}
      </Stack>
    </Center>
  );
}
