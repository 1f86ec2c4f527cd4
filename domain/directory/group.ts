import type { DirectoryId, GroupId } from '../shared/ids';
import type { ProvisionType } from './user';

/** A CloudSSO directory group. Members are separate items (a group may hold 100,000 users). */
export type DirectoryGroup = {
  readonly directoryId: DirectoryId;
  readonly id: GroupId;
  /** ≤ 128 of `[A-Za-z0-9_.-]`, unique in the directory case-insensitively (SCIM `displayName`). */
  readonly name: string;
  readonly description?: string;
  readonly provisionType: ProvisionType;
  readonly externalId?: string;
  readonly memberCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
};
