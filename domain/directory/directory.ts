import type { AccountId, DirectoryId, ResourceDirectoryId } from '../shared/ids';
import { definedOnly, type Changes } from '../shared/changes';
import { fail, ok, type Failure, type Result } from '../shared/result';

/** Regions a directory may live in; fixed at creation, as in CloudSSO. */
export const DIRECTORY_REGIONS = ['cn-shanghai', 'cn-hongkong', 'ap-southeast-1', 'us-west-1', 'eu-central-1'] as const;
export type DirectoryRegion = (typeof DIRECTORY_REGIONS)[number];

export type Quotas = {
  readonly users: number;
  readonly groups: number;
  readonly accessConfigurations: number;
  readonly scimCredentials: number;
};

/** CloudSSO's default quotas per directory. */
export const DEFAULT_QUOTAS: Quotas = { users: 1000, groups: 500, accessConfigurations: 1000, scimCredentials: 2 };
/** How far the management account may raise them: the data model holds a million users per directory. */
export const MAX_QUOTAS: Quotas = { users: 1_000_000, groups: 100_000, accessConfigurations: 10_000, scimCredentials: 2 };

export type Counts = {
  readonly users: number;
  readonly groups: number;
  readonly accessConfigurations: number;
  readonly scimCredentials: number;
};

/** A CloudSSO directory: one per management account. */
export type Directory = {
  readonly id: DirectoryId;
  /** Globally unique; 2-64 of `[a-z0-9-]`, not starting with `d-`, no leading/trailing `-`, no `--`. */
  readonly name: string;
  readonly region: DirectoryRegion;
  readonly managementAccountId: AccountId;
  readonly resourceDirectoryId: ResourceDirectoryId;
  /** While on, users and groups written by SCIM are read-only in the management API. */
  readonly scimSynchronization: boolean;
  readonly quotas: Quotas;
  /** Maintained by the store in the same transactions that add and remove members. */
  readonly counts: Counts;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
};

export const DIRECTORY_NAME = /^(?!d-)[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export type DirectoryNameError = Failure<'InvalidParameter.DirectoryName'>;

export const checkDirectoryName = (name: string): Result<string, DirectoryNameError> =>
  DIRECTORY_NAME.test(name) && name.length >= 2 && !name.includes('--')
    ? ok(name)
    : fail(
        'InvalidParameter.DirectoryName',
        'DirectoryName must be 2-64 characters of a-z, 0-9 and "-", must not start with "d-", start or end with "-", or contain "--".',
      );

export const newDirectory = (
  input: {
    readonly id: DirectoryId;
    readonly name: string | undefined;
    readonly region: DirectoryRegion;
    readonly managementAccountId: AccountId;
    readonly resourceDirectoryId: ResourceDirectoryId;
  },
  now: Date,
): Result<Directory, DirectoryNameError> => {
  // CloudSSO generates a name when none is given; the id minus its prefix is unique and valid.
  const name = checkDirectoryName(input.name ?? `sso-${input.id.slice(2)}`);
  if (!name.ok) return name;
  const at = now.toISOString();
  return ok({
    id: input.id,
    name: name.value,
    region: input.region,
    managementAccountId: input.managementAccountId,
    resourceDirectoryId: input.resourceDirectoryId,
    scimSynchronization: false,
    quotas: DEFAULT_QUOTAS,
    counts: { users: 0, groups: 0, accessConfigurations: 0, scimCredentials: 0 },
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
};

export type QuotaError = Failure<'InvalidParameter.Quota'>;

export const changeQuotas = (directory: Directory, changes: Changes<Quotas>, now: Date): Result<Directory, QuotaError> => {
  const quotas = { ...directory.quotas, ...definedOnly(changes) };
  for (const key of Object.keys(quotas) as (keyof Quotas)[]) {
    if (!Number.isInteger(quotas[key]) || quotas[key] < directory.counts[key] || quotas[key] > MAX_QUOTAS[key]) {
      return fail(
        'InvalidParameter.Quota',
        `Quota ${key} must be an integer between the current count (${directory.counts[key]}) and ${MAX_QUOTAS[key]}.`,
      );
    }
  }
  return ok({ ...directory, quotas, updatedAt: now.toISOString(), version: directory.version + 1 });
};

export type DirectoryNotEmpty = Failure<'DeletionConflict.Directory'>;

/** What still lives in a directory that is asked to be deleted; empty means it may go. */
export const deletionBlockers = (directory: Directory): string[] => {
  const { counts } = directory;
  const blockers: string[] = [];
  if (counts.users > 0) blockers.push(`${counts.users} users`);
  if (counts.groups > 0) blockers.push(`${counts.groups} groups`);
  if (counts.accessConfigurations > 0) blockers.push(`${counts.accessConfigurations} access configurations`);
  if (counts.scimCredentials > 0) blockers.push(`${counts.scimCredentials} SCIM credentials`);
  return blockers;
};
