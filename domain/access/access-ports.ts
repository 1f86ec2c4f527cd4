import type { DirectoryPorts } from '../directory/directory-ports';
import type { ResourceDirectoryRepository } from '../org/ports';
import type { AccessConfigurationId, AccountId, DirectoryId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Failure, Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import type { Task } from '../tasks/task';
import type { AccessConfiguration } from './access-configuration';
import type { AccessAssignment, AccessPrincipal, AccessTarget } from './access-assignment';
import type { CloudCredentialBroker, CloudProvisioner, SignInResponseSigner } from './cloud';
import type { Provisioning } from './provisioning';
import type { AccessSettings } from './access-settings';

export type ConfigurationNameTaken = Failure<'EntityAlreadyExists.AccessConfiguration'>;
export type ConfigurationQuotaExceeded = Failure<'QuotaExceeded.AccessConfigurations'>;
export type AssignmentExists = Failure<'EntityAlreadyExists.AccessAssignment'>;
export type AssignmentMissing = Failure<'EntityNotExists.AccessAssignment'>;

export interface AccessConfigurationRepository {
  get(directoryId: DirectoryId, id: AccessConfigurationId): Promise<AccessConfiguration | undefined>;
  getMany(directoryId: DirectoryId, ids: readonly AccessConfigurationId[]): Promise<AccessConfiguration[]>;
  list(directoryId: DirectoryId, page: PageRequest): Promise<Result<Page<AccessConfiguration>, InvalidNextToken>>;
  /** Writes the configuration and its name guard (names are unique per directory, case-insensitively). */
  create(configuration: AccessConfiguration): Promise<Result<void, ConfigurationNameTaken | ConfigurationQuotaExceeded>>;
  /** Writes if the stored version is still `expectedVersion`; `task` (if any) goes in the same transaction. */
  update(configuration: AccessConfiguration, expectedVersion: number, task?: Task): Promise<Result<void, ConcurrentModification>>;
  delete(configuration: AccessConfiguration): Promise<Result<void, ConcurrentModification>>;
}

/**
 * Assignments are one item each under their configuration, plus a reference under their target, so
 * "who holds configuration C on target T" is one strongly consistent query (the portal's entitlement
 * check) and listings by configuration, target and principal are each one query.
 */
export interface AccessAssignmentRepository {
  /** Writes the assignment and its task atomically; the same assignment twice is `AssignmentExists`. */
  create(assignment: AccessAssignment, task: Task): Promise<Result<void, AssignmentExists>>;
  /** Removes the assignment and writes its task atomically. */
  delete(assignment: AccessAssignment, task: Task): Promise<Result<void, AssignmentMissing>>;
  get(directoryId: DirectoryId, accessConfigurationId: AccessConfigurationId, target: AccessTarget, principal: AccessPrincipal): Promise<AccessAssignment | undefined>;
  /** Everyone holding the configuration on the target, read strongly consistently. */
  onTarget(directoryId: DirectoryId, accessConfigurationId: AccessConfigurationId, target: AccessTarget): Promise<AccessAssignment[]>;
  /** Whether the configuration is assigned anywhere (a configuration in use cannot be deleted). */
  anyOfConfiguration(directoryId: DirectoryId, accessConfigurationId: AccessConfigurationId): Promise<boolean>;
  listByConfiguration(directoryId: DirectoryId, accessConfigurationId: AccessConfigurationId, page: PageRequest): Promise<Result<Page<AccessAssignment>, InvalidNextToken>>;
  listByTarget(directoryId: DirectoryId, target: AccessTarget, page: PageRequest): Promise<Result<Page<AccessAssignment>, InvalidNextToken>>;
  listByPrincipal(directoryId: DirectoryId, principal: AccessPrincipal, page: PageRequest): Promise<Result<Page<AccessAssignment>, InvalidNextToken>>;
  /** Time-bound assignments whose end is before `now`, across tenants, for the expiry job. */
  expired(now: Date, limit: number): Promise<AccessAssignment[]>;
}

export type ConfigurationChanged = Failure<'ConcurrentModification'>;

export interface ProvisioningRepository {
  get(directoryId: DirectoryId, accountId: AccountId, accessConfigurationId: AccessConfigurationId): Promise<Provisioning | undefined>;
  getMany(directoryId: DirectoryId, keys: readonly { accountId: AccountId; accessConfigurationId: AccessConfigurationId }[]): Promise<Provisioning[]>;
  listByAccount(directoryId: DirectoryId, accountId: AccountId, page: PageRequest): Promise<Result<Page<Provisioning>, InvalidNextToken>>;
  /** Every account the configuration is provisioned in (a directory has at most a few thousand accounts). */
  accountsOf(directoryId: DirectoryId, accessConfigurationId: AccessConfigurationId): Promise<AccountId[]>;
  /**
   * Saves on condition that the configuration still exists at `revision`, so a configuration deleted
   * or changed while the role was being written leaves no stale record: the worker retries and sees it.
   */
  save(provisioning: Provisioning, configurationRevision: number): Promise<Result<void, ConfigurationChanged>>;
  /** Records a failed removal (no configuration condition: it may be gone). */
  markFailed(provisioning: Provisioning): Promise<void>;
  delete(directoryId: DirectoryId, accountId: AccountId, accessConfigurationId: AccessConfigurationId): Promise<void>;
}

/** What the access use cases need: the directory's ports, the resource directory, the cloud. */
export type AccessPorts = DirectoryPorts & {
  readonly resourceDirectories: ResourceDirectoryRepository;
  readonly accessConfigurations: AccessConfigurationRepository;
  readonly accessAssignments: AccessAssignmentRepository;
  readonly provisionings: ProvisioningRepository;
  readonly accessSettings: AccessSettingsRepository;
  readonly cloud: CloudProvisioner & CloudCredentialBroker;
  readonly signInSigner: SignInResponseSigner;
  /** The published certificates of a directory's IdP (creating its first key on first use). */
  readonly idpCertificates: (directoryId: DirectoryId) => Promise<readonly string[]>;
};

/** A directory's access settings; absent until first changed (defaults apply). */
export interface AccessSettingsRepository {
  get(directoryId: DirectoryId): Promise<AccessSettings | undefined>;
  /** `previous` undefined creates; otherwise the stored version must still be `previous.version`. */
  put(settings: AccessSettings, previous: AccessSettings | undefined): Promise<Result<void, ConcurrentModification>>;
}
