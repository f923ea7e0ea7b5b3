// Commands of the merge domain. Filled in by the merge issue.
export const mergeCommands = {};
