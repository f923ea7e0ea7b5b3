import type { Screen } from '../../app/nav.ts';

/** The reports domain's screens in the navigation. */
export const reportsScreens: Screen[] = [];
