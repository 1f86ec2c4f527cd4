import type { AccountId, FolderId, ResourceDirectoryId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * A cloud account. A standalone account becomes the management account when it enables a resource
 * directory; member accounts ("resource accounts") are created inside the directory.
 */
export type CloudAccount = {
  readonly id: AccountId;
  readonly displayName: string;
  /** Real-name (enterprise) verification; Alibaba Cloud requires it to enable a resource directory. */
  readonly enterpriseVerified: boolean;
  readonly type: 'Standalone' | 'ManagementAccount' | 'ResourceAccount';
  readonly resourceDirectoryId?: ResourceDirectoryId;
  readonly folderId?: FolderId;
  readonly status: 'Active' | 'Removing';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
};

/** Alibaba Cloud account ids are 16 digits. */
export const ACCOUNT_ID = /^\d{16}$/;
// Resource Directory display names: 2-50 characters of letters, digits, `_`, `.`, `-` and spaces.
export const ACCOUNT_DISPLAY_NAME = /^[\p{L}\p{N}_.-](?:[\p{L}\p{N}_. -]{0,48})[\p{L}\p{N}_.-]$/u;

export type AccountInputError = Failure<'InvalidParameter.DisplayName'>;

export const checkDisplayName = (displayName: string): Result<string, AccountInputError> =>
  ACCOUNT_DISPLAY_NAME.test(displayName)
    ? ok(displayName)
    : fail(
        'InvalidParameter.DisplayName',
        'DisplayName must be 2-50 characters of letters, digits, "_", ".", "-" and inner spaces.',
      );

export const openStandaloneAccount = (
  id: AccountId,
  input: { readonly displayName: string; readonly enterpriseVerified: boolean },
  now: Date,
): Result<CloudAccount, AccountInputError> => {
  const name = checkDisplayName(input.displayName);
  if (!name.ok) return name;
  const at = now.toISOString();
  return ok({
    id,
    displayName: name.value,
    enterpriseVerified: input.enterpriseVerified,
    type: 'Standalone',
    status: 'Active',
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
};

export const renameAccount = (
  account: CloudAccount,
  displayName: string,
  now: Date,
): Result<CloudAccount, AccountInputError> => {
  const name = checkDisplayName(displayName);
  if (!name.ok) return name;
  return ok({ ...account, displayName: name.value, updatedAt: now.toISOString(), version: account.version + 1 });
};
