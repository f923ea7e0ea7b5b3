import type { Screen } from '../../app/nav.ts';

/** The members domain's screens in the navigation. */
export const membersScreens: Screen[] = [];
