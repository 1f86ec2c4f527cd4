import type { Changes } from '../shared/changes';
import type { DirectoryId, GroupId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { DirectoryGroup } from './group';
import type { ProvisionType } from './user';

// CloudSSO's group name rule for groups made by hand; groups pushed by an IdP keep the IdP's display
// name (Entra ID and Okta allow spaces and more), within printable characters.
export const GROUP_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
export const SYNCED_GROUP_NAME = /^[^\p{Cc}]{1,256}$/u;
export const GROUP_DESCRIPTION_MAX = 1024;

export type GroupFields = {
  readonly name: string;
  readonly description?: string | undefined;
  readonly externalId?: string | undefined;
};

export type GroupInputError = Failure<'InvalidParameter.GroupName' | 'InvalidParameter.Description' | 'InvalidParameter.ExternalId'>;

export const checkGroupFields = (f: GroupFields, provisionType: ProvisionType): Result<GroupFields, GroupInputError> => {
  const pattern = provisionType === 'Manual' ? GROUP_NAME : SYNCED_GROUP_NAME;
  if (!pattern.test(f.name) || f.name.trim() !== f.name) {
    return fail(
      'InvalidParameter.GroupName',
      provisionType === 'Manual'
        ? 'GroupName must be 1-128 characters of letters, digits, "_", "." and "-".'
        : 'displayName must be 1-256 printable characters without leading or trailing spaces.',
    );
  }
  if (f.description !== undefined && f.description.length > GROUP_DESCRIPTION_MAX) {
    return fail('InvalidParameter.Description', 'Description must be at most 1024 characters.');
  }
  if (f.externalId !== undefined && (f.externalId.length === 0 || f.externalId.length > 256)) {
    return fail('InvalidParameter.ExternalId', 'externalId must be 1-256 characters.');
  }
  return ok(f);
};

export const newGroup = (
  directoryId: DirectoryId,
  id: GroupId,
  fields: GroupFields,
  provisionType: ProvisionType,
  now: Date,
): Result<DirectoryGroup, GroupInputError> => {
  const checked = checkGroupFields(fields, provisionType);
  if (!checked.ok) return checked;
  const at = now.toISOString();
  return ok({
    directoryId,
    id,
    name: fields.name,
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    ...(fields.externalId !== undefined ? { externalId: fields.externalId } : {}),
    provisionType,
    memberCount: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
};

export const changeGroup = (
  group: DirectoryGroup,
  changes: Changes<GroupFields>,
  now: Date,
): Result<DirectoryGroup, GroupInputError> => {
  const merged: GroupFields = {
    name: changes.name ?? group.name,
    // An explicit undefined clears (SCIM removes externalId that way); an absent key keeps.
    description: 'description' in changes ? changes.description : group.description,
    externalId: 'externalId' in changes ? changes.externalId : group.externalId,
  };
  const checked = checkGroupFields(merged, group.provisionType);
  if (!checked.ok) return checked;
  const { description: _d, externalId: _e, ...rest } = group;
  return ok({
    ...rest,
    name: merged.name,
    ...(merged.description !== undefined ? { description: merged.description } : {}),
    ...(merged.externalId !== undefined ? { externalId: merged.externalId } : {}),
    updatedAt: now.toISOString(),
    version: group.version + 1,
  });
};

export type SynchronizedGroup = Failure<'OperationForbidden.SynchronizedGroup'>;

export const checkGroupManagementEdit = (group: DirectoryGroup, scimSynchronization: boolean): Result<void, SynchronizedGroup> =>
  group.provisionType === 'Synchronized' && scimSynchronization
    ? fail(
        'OperationForbidden.SynchronizedGroup',
        `Group ${group.name} is synchronized by SCIM and read-only here; turn SCIM synchronization off to edit it.`,
      )
    : ok(undefined);
