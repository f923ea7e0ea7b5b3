/**
 * The logins `npm run demo` creates, one place for both the seeding (electron/elections/demo.ts) and the sign-in
 * screen's hint, so the hint can only name logins that exist (issue 16 §9). Passphrases are printed in the terminal.
 */
export const DEMO_LOGINS = {
  chair: ['chair'],
  staff: ['sam'],
  candidate: ['huong', 'jose'],
  auditor: ['audra'],
} as const;
