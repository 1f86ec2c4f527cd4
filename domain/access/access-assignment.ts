import type { AccessConfigurationId, AccountId, DirectoryId, FolderId, GroupId, UserId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * Where an assignment applies: one member account (CloudSSO's `RD-Account`) or, beyond the product,
 * a folder of the resource directory — every account in it and in its sub-folders, including
 * accounts added later.
 */
export type AccessTarget = { readonly type: 'RD-Account'; readonly id: AccountId } | { readonly type: 'RD-Folder'; readonly id: FolderId };

export type AccessPrincipal = { readonly type: 'User'; readonly id: UserId } | { readonly type: 'Group'; readonly id: GroupId };

/** Gives a principal an access configuration on a target; identified by those three. */
export type AccessAssignment = {
  readonly directoryId: DirectoryId;
  readonly accessConfigurationId: AccessConfigurationId;
  readonly target: AccessTarget;
  readonly principal: AccessPrincipal;
  readonly createdAt: string;
  /** Beyond the product: a time-bound assignment stops applying at this instant and is then removed. */
  readonly expiresAt?: string;
};

export type AssignmentInputError = Failure<'InvalidParameter.ExpiresAt'>;

/** Shortest and longest time-bound assignment: an hour's grant is common, a year is the sane limit. */
export const MIN_ASSIGNMENT_SECONDS = 300;
export const MAX_ASSIGNMENT_SECONDS = 366 * 24 * 3_600;

export const newAssignment = (
  fields: Omit<AccessAssignment, 'createdAt' | 'expiresAt'> & { readonly expiresAt?: Date | undefined },
  now: Date,
): Result<AccessAssignment, AssignmentInputError> => {
  const { expiresAt, ...rest } = fields;
  if (expiresAt !== undefined) {
    const seconds = (expiresAt.getTime() - now.getTime()) / 1000;
    if (!Number.isFinite(seconds) || seconds < MIN_ASSIGNMENT_SECONDS || seconds > MAX_ASSIGNMENT_SECONDS) {
      return fail('InvalidParameter.ExpiresAt', 'ExpiresAt is between 5 minutes and 366 days from now.');
    }
  }
  return ok({ ...rest, createdAt: now.toISOString(), ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) });
};

/** A time-bound assignment applies until its end, exclusive. */
export const isInForce = (assignment: Pick<AccessAssignment, 'expiresAt'>, now: Date): boolean =>
  assignment.expiresAt === undefined || now.getTime() < Date.parse(assignment.expiresAt);

export const sameTarget = (a: AccessTarget, b: AccessTarget) => a.type === b.type && a.id === b.id;
export const samePrincipal = (a: AccessPrincipal, b: AccessPrincipal) => a.type === b.type && a.id === b.id;
