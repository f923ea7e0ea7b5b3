import { IconReportAnalytics } from '@tabler/icons-react';
import type { Screen } from '../../app/nav.ts';
import { ReportsScreen } from './ReportsScreen.tsx';

/** The reports domain's screens in the navigation: the chair and the auditor (no member data on any of them). */
export const reportsScreens: Screen[] = [
  { id: 'reports', label: 'reports:nav.reports', icon: IconReportAnalytics, roles: ['chair', 'auditor'], component: ReportsScreen, order: 800 },
];
