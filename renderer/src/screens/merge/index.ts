import type { Screen } from '../../app/nav.ts';

/** The merge domain's screens in the navigation. */
export const mergeScreens: Screen[] = [];
