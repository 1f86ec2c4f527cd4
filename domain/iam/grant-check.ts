import { fail, ok, type Failure, type Result } from '../shared/result';
import type { PolicyName } from './policies';
import type { Principal } from './principal';

export type EscalationRefused = Failure<'Forbidden.PolicyEscalation'>;

/**
 * Guards against privilege escalation: an administrator may attach only policies it holds itself
 * (or anything, when it holds AdministratorAccess). The account owner may attach any policy.
 */
export const checkGrantable = (
  principal: Principal,
  policies: readonly PolicyName[],
): Result<void, EscalationRefused> => {
  if (principal.kind === 'account' || principal.policies.includes('AdministratorAccess')) return ok(undefined);
  const beyond = policies.filter((p) => !principal.policies.includes(p));
  if (beyond.length === 0) return ok(undefined);
  return fail('Forbidden.PolicyEscalation', `You cannot grant policies you do not hold: ${beyond.join(', ')}.`);
};
