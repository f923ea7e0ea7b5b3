import { IconCash, IconReceipt } from '@tabler/icons-react';
import type { Screen } from '../../app/nav.ts';
import { BillingScreen } from './BillingScreen.tsx';
import { MyBillingScreen } from './MyBillingScreen.tsx';

/** The billing domain's screens in the navigation. */
export const billingScreens: Screen[] = [
  { id: 'billing', label: 'billing:nav.billing', icon: IconCash, roles: ['chair', 'staff', 'auditor'], component: BillingScreen, order: 400 },
  { id: 'my-billing', label: 'billing:nav.mine', icon: IconReceipt, roles: ['candidate'], component: MyBillingScreen, order: 400 },
];
