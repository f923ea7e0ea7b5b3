// Commands of the billing domain. Filled in by the billing issue.
export const billingCommands = {};
