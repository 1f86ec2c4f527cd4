import type { Changes } from '../shared/changes';
import type { DirectoryId, UserId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { DirectoryUser, ProvisionType, ScimProfile, Tag, UserStatus } from './user';

// CloudSSO's user attribute rules (CreateUser, 2021-05-15).
export const USER_NAME = /^[A-Za-z0-9@_.-]{1,64}$/;
export const USER_LIMITS = { displayName: 256, firstName: 64, lastName: 64, email: 128, description: 1024, externalId: 256, tags: 20, tagText: 128 } as const;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Everything a writer (management API or SCIM) may set on a user. */
export type UserFields = {
  readonly userName: string;
  readonly displayName?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly email?: string | undefined;
  readonly description?: string | undefined;
  readonly status: UserStatus;
  readonly externalId?: string | undefined;
  readonly tags?: readonly Tag[] | undefined;
  readonly scim?: ScimProfile | undefined;
};

export type UserInputError = Failure<
  | 'InvalidParameter.UserName'
  | 'InvalidParameter.DisplayName'
  | 'InvalidParameter.FirstName'
  | 'InvalidParameter.LastName'
  | 'InvalidParameter.Email'
  | 'InvalidParameter.Description'
  | 'InvalidParameter.ExternalId'
  | 'InvalidParameter.Tags'
>;

const tooLong = (value: string | undefined, max: number) => value !== undefined && (value.length > max || value.length === 0);

export const checkUserFields = (f: UserFields): Result<UserFields, UserInputError> => {
  if (!USER_NAME.test(f.userName)) {
    return fail('InvalidParameter.UserName', 'UserName must be 1-64 characters of letters, digits, "@", "_", "." and "-".');
  }
  if (tooLong(f.displayName, USER_LIMITS.displayName)) return fail('InvalidParameter.DisplayName', 'DisplayName must be 1-256 characters.');
  if (tooLong(f.firstName, USER_LIMITS.firstName)) return fail('InvalidParameter.FirstName', 'FirstName must be 1-64 characters.');
  if (tooLong(f.lastName, USER_LIMITS.lastName)) return fail('InvalidParameter.LastName', 'LastName must be 1-64 characters.');
  if (f.email !== undefined && (tooLong(f.email, USER_LIMITS.email) || !EMAIL.test(f.email))) {
    return fail('InvalidParameter.Email', 'Email must be an address of at most 128 characters.');
  }
  if (tooLong(f.description, USER_LIMITS.description)) return fail('InvalidParameter.Description', 'Description must be 1-1024 characters.');
  if (tooLong(f.externalId, USER_LIMITS.externalId)) return fail('InvalidParameter.ExternalId', 'ExternalId must be 1-256 characters.');
  const tags = f.tags ?? [];
  if (
    tags.length > USER_LIMITS.tags ||
    tags.some((t) => tooLong(t.key, USER_LIMITS.tagText) || t.value.length > USER_LIMITS.tagText) ||
    new Set(tags.map((t) => t.key)).size !== tags.length
  ) {
    return fail('InvalidParameter.Tags', 'Tags: at most 20, keys unique and 1-128 characters, values at most 128.');
  }
  return ok(f);
};

const defined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export const newUser = (
  directoryId: DirectoryId,
  id: UserId,
  fields: UserFields,
  provisionType: ProvisionType,
  now: Date,
): Result<DirectoryUser, UserInputError> => {
  const checked = checkUserFields(fields);
  if (!checked.ok) return checked;
  const at = now.toISOString();
  return ok(
    defined({
      directoryId,
      id,
      ...fields,
      tags: fields.tags ?? [],
      provisionType,
      createdAt: at,
      updatedAt: at,
      version: 1,
    }) as DirectoryUser,
  );
};

/** Replaces every writable field (a SCIM PUT, or a management update merged by the caller). */
export const replaceUserFields = (user: DirectoryUser, fields: UserFields, now: Date): Result<DirectoryUser, UserInputError> => {
  const checked = checkUserFields(fields);
  if (!checked.ok) return checked;
  return ok(
    defined({
      directoryId: user.directoryId,
      id: user.id,
      ...fields,
      tags: fields.tags ?? user.tags,
      scim: fields.scim ?? user.scim,
      provisionType: user.provisionType,
      createdAt: user.createdAt,
      updatedAt: now.toISOString(),
      version: user.version + 1,
    }) as DirectoryUser,
  );
};

export const fieldsOf = (u: DirectoryUser): UserFields => ({
  userName: u.userName,
  displayName: u.displayName,
  firstName: u.firstName,
  lastName: u.lastName,
  email: u.email,
  description: u.description,
  status: u.status,
  externalId: u.externalId,
  tags: u.tags,
  scim: u.scim,
});

/** Who wrote the user decides who may change it: SCIM owns synchronized users while sync is on. */
export type SynchronizedUser = Failure<'OperationForbidden.SynchronizedUser'>;

export const checkManagementEdit = (
  user: DirectoryUser,
  scimSynchronization: boolean,
  changes: Changes<UserFields>,
): Result<void, SynchronizedUser> => {
  if (user.provisionType !== 'Synchronized' || !scimSynchronization) return ok(undefined);
  const touched = Object.keys(changes).filter((k) => k !== 'status' && changes[k as keyof UserFields] !== undefined);
  if (touched.length === 0) return ok(undefined);
  return fail(
    'OperationForbidden.SynchronizedUser',
    `User ${user.userName} is synchronized by SCIM; only its status and password can be changed here (refused: ${touched.join(', ')}). Turn SCIM synchronization off to edit it.`,
  );
};
