import type { Action } from '../iam/policies';
import type { AdministratorId, InstanceId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * An administrator (a RAM user of the instance's account) authorized on one instance with a role.
 * The role reaches only that instance: administering instance A grants nothing on instance B.
 */
export type InstanceRole = 'SuperAdministrator' | 'ApplicationAdministrator' | 'ReadOnly';
export const INSTANCE_ROLES = ['SuperAdministrator', 'ApplicationAdministrator', 'ReadOnly'] as const satisfies readonly InstanceRole[];

export type InstanceAdministrator = {
  readonly instanceId: InstanceId;
  readonly administratorId: AdministratorId;
  /** Shown in the console; the RAM user's name unless given. */
  readonly accountName: string;
  /** The administrator's id in the enterprise's own IdP, when it has one. */
  readonly externalId?: string;
  readonly role: InstanceRole;
  readonly createdAt: string;
};

/**
 * What each role may call on its instance, as RAM-style action patterns. Buying and releasing are not
 * here: only the account owner or the AliyunYundunIdaasFullAccess policy may do those.
 */
const ROLE_ACTIONS: Record<InstanceRole, readonly RegExp[]> = {
  SuperAdministrator: [/^idaas:(?!CreateInstance$|DeleteInstance$).+$/i],
  ApplicationAdministrator: [/^idaas:(Get|List)/i, /^idaas:\w*Application\w*$/i, /^idaas:\w*LogonMethod\w*$/i],
  ReadOnly: [/^idaas:(Get|List)/i],
};

export const roleAllows = (role: InstanceRole, action: Action): boolean => ROLE_ACTIONS[role].some((pattern) => pattern.test(action));

export const MAX_ACCOUNT_NAME = 64;
export const MAX_EXTERNAL_ID = 128;

export type InstanceAdministratorInputError = Failure<'InvalidParameter.AccountName' | 'InvalidParameter.ExternalId'>;

export const newInstanceAdministrator = (
  instanceId: InstanceId,
  input: { readonly administratorId: AdministratorId; readonly administratorName: string; readonly accountName?: string | undefined; readonly externalId?: string | undefined; readonly role: InstanceRole },
  now: Date,
): Result<InstanceAdministrator, InstanceAdministratorInputError> => {
  const accountName = (input.accountName ?? input.administratorName).trim();
  if (!accountName || accountName.length > MAX_ACCOUNT_NAME) {
    return fail('InvalidParameter.AccountName', `The account name must be 1-${MAX_ACCOUNT_NAME} characters.`);
  }
  const externalId = input.externalId?.trim();
  if (externalId !== undefined && (externalId.length === 0 || externalId.length > MAX_EXTERNAL_ID)) {
    return fail('InvalidParameter.ExternalId', `The external ID must be 1-${MAX_EXTERNAL_ID} characters.`);
  }
  return ok({
    instanceId,
    administratorId: input.administratorId,
    accountName,
    ...(externalId ? { externalId } : {}),
    role: input.role,
    createdAt: now.toISOString(),
  });
};
