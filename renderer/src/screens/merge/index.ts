import { IconPrinter } from '@tabler/icons-react';
import type { Screen } from '../../app/nav.ts';
import { ProductionScreen } from './ProductionScreen.tsx';

/** The merge domain's screens in the navigation. */
export const mergeScreens: Screen[] = [
  { id: 'production', label: 'merge:nav.production', icon: IconPrinter, roles: ['chair', 'staff'], component: ProductionScreen, order: 250 },
];
