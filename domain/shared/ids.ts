/** Branded identifiers: a `UserId` can never be passed where an `AccountId` is expected. */
export type Brand<T, B extends string> = T & { readonly __brand: B };

export type AccountId = Brand<string, 'AccountId'>;
export type ResourceDirectoryId = Brand<string, 'ResourceDirectoryId'>;
export type FolderId = Brand<string, 'FolderId'>;
export type AdministratorId = Brand<string, 'AdministratorId'>;
export type ApiKeyId = Brand<string, 'ApiKeyId'>;
export type TaskId = Brand<string, 'TaskId'>;
export type DirectoryId = Brand<string, 'DirectoryId'>;
export type UserId = Brand<string, 'UserId'>;
export type GroupId = Brand<string, 'GroupId'>;
export type ScimCredentialId = Brand<string, 'ScimCredentialId'>;
export type AccessConfigurationId = Brand<string, 'AccessConfigurationId'>;
export type InstanceId = Brand<string, 'InstanceId'>;
export type OrderId = Brand<string, 'OrderId'>;
export type ApplicationId = Brand<string, 'ApplicationId'>;
/** A CIAM customer's account (IDaaS calls it a user; "account" keeps it apart from directory users). */
export type CustomerId = Brand<string, 'CustomerId'>;

/**
 * The source of every new identifier and secret. Randomness lives in an adapter, so domain rules stay
 * deterministic under test.
 */
export interface IdGenerator {
  /** A 16-digit cloud account id, as Alibaba Cloud issues them. */
  accountId(): AccountId;
  resourceDirectoryId(): ResourceDirectoryId;
  folderId(): FolderId;
  administratorId(): AdministratorId;
  apiKeyId(): ApiKeyId;
  /** Sortable by creation time (ULID), so a tenant's tasks list newest-last without an index. */
  taskId(): TaskId;
  /** `d-` and 12 lower-case base36 characters, as CloudSSO directory ids look. */
  directoryId(): DirectoryId;
  userId(): UserId;
  groupId(): GroupId;
  scimCredentialId(): ScimCredentialId;
  /** `ac-` and 20 lower-case base36 characters. */
  accessConfigurationId(): AccessConfigurationId;
  /** `idaas_` and 26 lower-case base36 characters, as IDaaS EIAM instance ids look. */
  instanceId(): InstanceId;
  /** 16 digits, as Alibaba Cloud order numbers look. */
  orderId(): OrderId;
  /** `app_` and 26 lower-case base36 characters; also the application's OIDC client_id. */
  applicationId(): ApplicationId;
  /** `user_` and 26 lower-case base36 characters. */
  customerId(): CustomerId;
}
