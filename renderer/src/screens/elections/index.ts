import type { Screen } from '../../app/nav.ts';

/** The elections domain's screens in the navigation. */
export const electionsScreens: Screen[] = [];
