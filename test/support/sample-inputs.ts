import type { LitDeskApi } from '../../shared/api/client.ts';
import type { CommandName } from '../../shared/api/contract.ts';

// Valid example inputs for commands whose permission test should also show that the call gets past validation.
// A command without an entry is called with {} — the role check still comes first.
const samples: Partial<Record<CommandName, unknown>> = {
  'users.list': {},
  'audit.list': { limit: 5 },
  'audit.verify': {},
  'agreement.update': { text: 'Version two of the agreement.' },
  'settings.update': { idleMinutes: 12 },
};

export const sampleInputs: {
  for(name: CommandName): unknown;
  /** Registers a candidate and returns its id, once the elections domain exists. */
  makeCandidate?: (chair: LitDeskApi) => Promise<number>;
} = {
  for: (name) => samples[name] ?? {},
};
