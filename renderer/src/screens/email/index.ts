import { IconMailOff } from '@tabler/icons-react';
import type { Screen } from '../../app/nav.ts';
import { SuppressionsScreen } from './SuppressionsScreen.tsx';

/** The email domain's screens in the navigation (issue 17). */
export const emailScreens: Screen[] = [
  { id: 'email-suppressions', label: 'merge:nav.suppressions', icon: IconMailOff, roles: ['chair', 'staff'], component: SuppressionsScreen, order: 260 },
];
