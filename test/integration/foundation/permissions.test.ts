import { beforeAll, describe, expect, it } from 'vitest';
import { contract, type CommandName } from '../../../shared/api/contract.ts';
import { ROLES, type Role } from '../../../shared/api/roles.ts';
import type { CommandSpec } from '../../../shared/api/command.ts';
import type { Backend } from '../../../electron/core/backend.ts';
import { addUserAndLogin, setUpVault } from '../../support/backend.ts';
import { sampleInputs } from '../../support/sample-inputs.ts';

// Every command × every role: the role check happens in the core, before the payload is even validated.
let backends: Record<Role, Backend>;

beforeAll(async () => {
  const chair = await setUpVault();
  const staff = await addUserAndLogin(chair.client, chair.dir, { login: 'staff1', role: 'staff' });
  const auditor = await addUserAndLogin(chair.client, chair.dir, { login: 'auditor1', role: 'auditor' });
  const candidateId = await sampleInputs.makeCandidate?.(chair.client);
  const candidate = candidateId
    ? (await addUserAndLogin(chair.client, chair.dir, { login: 'cand1', role: 'candidate', candidateId })).backend
    : null;
  backends = { chair: chair.backend, staff: staff.backend, auditor: auditor.backend, candidate: candidate ?? staff.backend };
}, 120_000);

const names = Object.keys(contract) as CommandName[];

describe('permission matrix', () => {
  for (const name of names) {
    const spec = contract[name] as CommandSpec;
    if (spec.roles === 'public' || spec.roles === 'anyUser') continue;
    for (const role of ROLES) {
      const allowed = (spec.roles as readonly Role[]).includes(role);
      it(`${name} × ${role} → ${allowed ? 'allowed' : 'refused'}`, async () => {
        if (role === 'candidate' && !sampleInputs.makeCandidate) return; // no candidate records before the elections domain
        const input = sampleInputs.for(name);
        const result = await backends[role].dispatch(name, input);
        if (allowed) {
          expect(result.ok ? 'ok' : result.error.code).not.toBe('auth.forbidden');
        } else {
          expect(result).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } });
        }
      });
    }
  }

  it('covers every command in the contract', () => {
    expect(names.length).toBeGreaterThan(10);
  });
});
