// Commands of the elections domain. Filled in by the elections issue.
export const electionsCommands = {};
