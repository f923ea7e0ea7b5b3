// Commands of the members domain. Filled in by the members issue.
export const membersCommands = {};
