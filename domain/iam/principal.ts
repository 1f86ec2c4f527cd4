import type { AccountId, AdministratorId, ApiKeyId } from '../shared/ids';
import { ok, type Failure, type Result } from '../shared/result';
import { policiesAllow, type Action, type PolicyName } from './policies';

/**
 * Who is calling. The cloud account itself (its root credentials) may do everything within the
 * account, as an Alibaba Cloud account owner may; an administrator (a RAM user) only what its
 * policies grant.
 */
export type Principal =
  | { readonly kind: 'account'; readonly accountId: AccountId; readonly keyId: ApiKeyId }
  | {
      readonly kind: 'administrator';
      readonly accountId: AccountId;
      readonly administratorId: AdministratorId;
      readonly name: string;
      readonly policies: readonly PolicyName[];
      readonly keyId: ApiKeyId;
    };

export type Forbidden = Failure<'Forbidden'> & { readonly missingPermission: Action };

/** RAM's rule: a principal may call an action when a policy it holds grants it. */
export const authorize = (principal: Principal, action: Action): Result<void, Forbidden> => {
  if (principal.kind === 'account' || policiesAllow(principal.policies, action)) return ok(undefined);
  return {
    ok: false,
    error: {
      code: 'Forbidden',
      message: `Administrator ${principal.name} is not allowed to perform ${action}; missing permission: ${action}.`,
      missingPermission: action,
    },
  };
};

export const principalLabel = (p: Principal): string =>
  p.kind === 'account' ? `account:${p.accountId}` : `administrator:${p.administratorId}`;
