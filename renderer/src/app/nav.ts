import type { ComponentType } from 'react';
import type { Role } from '../../../shared/api/roles.ts';
import { foundationScreens } from '../screens/foundation/index.ts';
import { membersScreens } from '../screens/members/index.ts';
import { electionsScreens } from '../screens/elections/index.ts';
import { mergeScreens } from '../screens/merge/index.ts';
import { emailScreens } from '../screens/email/index.ts';
import { billingScreens } from '../screens/billing/index.ts';
import { reportsScreens } from '../screens/reports/index.ts';

/** A screen in the navigation: each domain lists its own in screens/<domain>/index.ts. */
export type Screen = {
  id: string;
  /** i18n key, `namespace:key`. */
  label: string;
  icon: ComponentType<{ size?: number }>;
  roles: readonly Role[];
  component: ComponentType;
  /** Lower comes first in the navigation. */
  order: number;
};

export const screens: Screen[] = [
  ...membersScreens,
  ...electionsScreens,
  ...mergeScreens,
  ...emailScreens,
  ...billingScreens,
  ...reportsScreens,
  ...foundationScreens,
].sort((a, b) => a.order - b.order);

export const screensFor = (role: Role): Screen[] => screens.filter((s) => s.roles.includes(role));
