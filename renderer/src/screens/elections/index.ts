import { IconBell, IconCalendarEvent, IconEye, IconMailForward, IconUsersGroup } from '@tabler/icons-react';
import type { Screen } from '../../app/nav.ts';
import { CandidatesScreen } from './CandidatesScreen.tsx';
import { ElectionsScreen } from './ElectionsScreen.tsx';
import { InspectionScreen } from './InspectionScreen.tsx';
import { NoticesScreen } from './NoticesScreen.tsx';
import { RequestsScreen } from './RequestsScreen.tsx';

/** The elections domain's screens in the navigation. Every candidate sees the same screens as every other. */
export const electionsScreens: Screen[] = [
  { id: 'requests', label: 'elections:nav.requests', icon: IconMailForward, roles: ['candidate', 'staff', 'chair', 'auditor'], component: RequestsScreen, order: 200 },
  { id: 'notices', label: 'elections:nav.notices', icon: IconBell, roles: ['candidate', 'staff', 'chair', 'auditor'], component: NoticesScreen, order: 210 },
  { id: 'elections', label: 'elections:nav.elections', icon: IconCalendarEvent, roles: ['chair', 'staff', 'auditor'], component: ElectionsScreen, order: 220 },
  { id: 'candidates', label: 'elections:nav.candidates', icon: IconUsersGroup, roles: ['chair', 'staff', 'auditor'], component: CandidatesScreen, order: 230 },
  { id: 'inspection', label: 'elections:nav.inspection', icon: IconEye, roles: ['chair', 'staff', 'candidate'], component: InspectionScreen, order: 240 },
];
