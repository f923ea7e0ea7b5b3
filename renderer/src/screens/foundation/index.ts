import { IconSettings, IconShieldCheck, IconSignature, IconUsers } from '@tabler/icons-react';
import type { Screen } from '../../app/nav.ts';
import { AuditScreen } from './AuditScreen.tsx';
import { CountersignScreen } from './CountersignScreen.tsx';
import { SettingsScreen } from './SettingsScreen.tsx';
import { UsersScreen } from './UsersScreen.tsx';

export const foundationScreens: Screen[] = [
  { id: 'countersign', label: 'foundation:nav.countersign', icon: IconSignature, roles: ['chair', 'staff', 'auditor'], component: CountersignScreen, order: 890 },
  { id: 'audit', label: 'foundation:nav.audit', icon: IconShieldCheck, roles: ['chair', 'auditor'], component: AuditScreen, order: 900 },
  { id: 'users', label: 'foundation:nav.users', icon: IconUsers, roles: ['chair'], component: UsersScreen, order: 910 },
  { id: 'settings', label: 'foundation:nav.settings', icon: IconSettings, roles: ['chair'], component: SettingsScreen, order: 920 },
];
