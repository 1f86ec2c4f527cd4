import type { AccountId, AdministratorId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { PolicyName } from './policies';

/** An administrator of a cloud account, like an Alibaba Cloud RAM user, holding system policies. */
export type Administrator = {
  readonly accountId: AccountId;
  readonly id: AdministratorId;
  /** Logon name; unique in the account, case-insensitively. */
  readonly name: string;
  readonly displayName: string;
  readonly policies: readonly PolicyName[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Optimistic-concurrency version; every write checks it. */
  readonly version: number;
};

// RAM user names: 1-64 characters of letters, digits, `.`, `_` and `-`.
export const ADMINISTRATOR_NAME = /^[A-Za-z0-9._-]{1,64}$/;
export const DISPLAY_NAME_MAX = 128;
export const MAX_POLICIES_PER_ADMINISTRATOR = 10;

export type AdministratorInputError = Failure<
  'InvalidParameter.Name' | 'InvalidParameter.DisplayName' | 'LimitExceeded.Policy'
>;

export type NewAdministrator = {
  readonly name: string;
  readonly displayName?: string | undefined;
  readonly policies?: readonly PolicyName[] | undefined;
};

export const newAdministrator = (
  accountId: AccountId,
  id: AdministratorId,
  input: NewAdministrator,
  now: Date,
): Result<Administrator, AdministratorInputError> => {
  if (!ADMINISTRATOR_NAME.test(input.name)) {
    return fail('InvalidParameter.Name', 'Name must be 1-64 characters of letters, digits, ".", "_" and "-".');
  }
  const displayName = input.displayName ?? input.name;
  if (displayName.length < 1 || displayName.length > DISPLAY_NAME_MAX) {
    return fail('InvalidParameter.DisplayName', `DisplayName must be 1-${DISPLAY_NAME_MAX} characters.`);
  }
  const policies = dedupe(input.policies ?? []);
  if (policies.length > MAX_POLICIES_PER_ADMINISTRATOR) return tooManyPolicies();
  const at = now.toISOString();
  return ok({ accountId, id, name: input.name, displayName, policies, createdAt: at, updatedAt: at, version: 1 });
};

export type AdministratorChanges = {
  readonly displayName?: string | undefined;
  readonly policies?: readonly PolicyName[] | undefined;
};

export const changeAdministrator = (
  admin: Administrator,
  changes: AdministratorChanges,
  now: Date,
): Result<Administrator, AdministratorInputError> => {
  const displayName = changes.displayName ?? admin.displayName;
  if (displayName.length < 1 || displayName.length > DISPLAY_NAME_MAX) {
    return fail('InvalidParameter.DisplayName', `DisplayName must be 1-${DISPLAY_NAME_MAX} characters.`);
  }
  const policies = changes.policies ? dedupe(changes.policies) : admin.policies;
  if (policies.length > MAX_POLICIES_PER_ADMINISTRATOR) return tooManyPolicies();
  return ok({ ...admin, displayName, policies, updatedAt: now.toISOString(), version: admin.version + 1 });
};

const dedupe = (policies: readonly PolicyName[]): PolicyName[] => [...new Set(policies)];

const tooManyPolicies = () =>
  fail('LimitExceeded.Policy', `An administrator holds at most ${MAX_POLICIES_PER_ADMINISTRATOR} policies.`);
