// Commands of the reports domain. Filled in by the reports issue.
export const reportsCommands = {};
