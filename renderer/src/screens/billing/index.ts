import type { Screen } from '../../app/nav.ts';

/** The billing domain's screens in the navigation. */
export const billingScreens: Screen[] = [];
