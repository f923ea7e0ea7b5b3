export const ROLES = ['chair', 'staff', 'candidate', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
