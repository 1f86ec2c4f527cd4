import type { Failure, OutcomeCodesOf, Result } from '../../../domain/shared/result';
import { scimErrorBody, type ScimError } from '../../../domain/scim/scim-error';


type DirectoryCodes =
  | OutcomeCodesOf<typeof import('../../../domain/directory/user-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/directory/group-use-cases')>;

const invalidValue = { status: 400, scimType: 'invalidValue' } as const;
const uniqueness = { status: 409, scimType: 'uniqueness' } as const;

/**
 * The SCIM edge's one mapping from use-case outcomes to RFC 7644 §3.12 errors; `satisfies` makes a new
 * outcome a compile error until it is mapped here.
 */
const SCIM_ERRORS = {
  'EntityNotExists.Directory': { status: 404 },
  'Forbidden.SCIMSynchronizationDisabled': { status: 403 },
  Forbidden: { status: 403 },
  'EntityNotExists.User': { status: 404 },
  'EntityNotExists.Group': { status: 404 },
  'EntityAlreadyExists.User': uniqueness,
  'EntityAlreadyExists.UserEmail': uniqueness,
  'EntityAlreadyExists.UserExternalId': uniqueness,
  'EntityAlreadyExists.Group': uniqueness,
  'EntityAlreadyExists.GroupExternalId': uniqueness,
  'InvalidParameter.UserName': invalidValue,
  'InvalidParameter.DisplayName': invalidValue,
  'InvalidParameter.FirstName': invalidValue,
  'InvalidParameter.LastName': invalidValue,
  'InvalidParameter.Email': invalidValue,
  'InvalidParameter.Description': invalidValue,
  'InvalidParameter.ExternalId': invalidValue,
  'InvalidParameter.Tags': invalidValue,
  'InvalidParameter.GroupName': invalidValue,
  'InvalidParameter.NextToken': invalidValue,
  // RFC 7644 has no quota error; 403 says "the server refuses", and the detail names the quota.
  'QuotaExceeded.Users': { status: 403 },
  'QuotaExceeded.Groups': { status: 403 },
  'OperationForbidden.SynchronizedUser': { status: 400, scimType: 'mutability' },
  'OperationForbidden.SynchronizedGroup': { status: 400, scimType: 'mutability' },
  ConcurrentModification: { status: 412 },
  'DeletionConflict.User': { status: 409 },
  'DeletionConflict.User.Group': { status: 409 },
  'DeletionConflict.Group.User': { status: 409 },
  'DeletionConflict.Group': { status: 409 },
} as const satisfies Record<DirectoryCodes, Omit<ScimError, 'detail'>>;

/** A SCIM error on its way to the wire: thrown by handlers, rendered by the app's error handler. */
export class ScimFailure extends Error {
  constructor(
    readonly error: ScimError,
    readonly headers: Record<string, string> = {},
  ) {
    super(error.detail);
    this.name = 'ScimFailure';
  }
}

export const scimFailureOf = (failure: Failure): ScimError => {
  const mapped = (SCIM_ERRORS as Record<string, Omit<ScimError, 'detail'>>)[failure.code];
  return mapped ? { ...mapped, detail: failure.message } : { status: 500, detail: failure.message };
};

/** Unwraps a use case's result or throws it as a SCIM error. */
export const orScim = <T>(result: Result<T, Failure | ScimError>): T => {
  if (result.ok) return result.value;
  const e = result.error;
  throw new ScimFailure('code' in e ? scimFailureOf(e) : e);
};

export const scimJson = (error: ScimError) => scimErrorBody(error);
