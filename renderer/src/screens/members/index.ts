import { IconAddressBook, IconChartPie } from '@tabler/icons-react';
import type { Screen } from '../../app/nav.ts';
import { MembersScreen } from './MembersScreen.tsx';
import { SegmentsScreen } from './SegmentsScreen.tsx';

/** The members domain's screens: the list for staff and chair; audience counts for every role (counts only). */
export const membersScreens: Screen[] = [
  { id: 'members', label: 'members:nav.members', icon: IconAddressBook, roles: ['chair', 'staff'], component: MembersScreen, order: 100 },
  { id: 'segments', label: 'members:nav.segments', icon: IconChartPie, roles: ['chair', 'staff', 'candidate', 'auditor'], component: SegmentsScreen, order: 110 },
];
