/**
 * Every key and access pattern of the single table, in one place. Items carry `pk`/`sk`, optionally
 * `gsi1pk`/`gsi1sk` (one sparse GSI), `v` (version for optimistic concurrency) and `ttl`.
 *
 * | item                   | pk                       | sk                              | gsi1pk / gsi1sk                                   |
 * |------------------------|--------------------------|---------------------------------|---------------------------------------------------|
 * | cloud account          | ACCOUNT#<accountId>      | META                            | RD#<rdId>#ACCOUNTS / F#<folderId>#A#<accountId>   |
 * | administrator          | ACCOUNT#<accountId>      | ADMIN#<adminId>                 |                                                   |
 * | administrator name     | ACCOUNT#<accountId>      | ADMINNAME#<lower(name)>         | (guard: uniqueness)                               |
 * | API key (auth lookup)  | APIKEY#<sha256(secret)>  | META                            |                                                   |
 * | API key (by owner)     | ACCOUNT#<accountId>      | KEY#<ROOT or ADMIN#id>#<keyId>  |                                                   |
 * | resource directory     | RD#<rdId>                | META                            |                                                   |
 * | folder                 | RD#<rdId>                | FOLDER#<folderId>               | RD#<rdId>#FOLDERS / P#<parentId>#F#<folderId>     |
 * | folder name            | RD#<rdId>                | FOLDERNAME#<parentId>#<lower>   | (guard: uniqueness within the parent)             |
 * | task                   | <scope key>              | TASK#<ulid>                     | TASKS#OPEN#<shard> / <updatedAt>#<scope>#<id>     |
 * | CloudSSO directory     | DIR#<dirId>              | META                            | (holds the user/group/… counts and quotas)        |
 * | directory name         | DIRNAME#<name>           | META                            | (guard: names are global)                         |
 * | account's directory    | ACCOUNT#<accountId>      | CLOUDSSO#DIRECTORY              | (guard: one directory per management account)     |
 * | user                   | DIR#<dirId>              | USER#<userId>                   |                                                   |
 * | user name / e-mail /   | DIR#<dirId>              | USERNAME#<lower> USEREMAIL#<lower> USEREXT#<externalId> (guards; lookups) |
 * |  external id           |                          |                                 |                                                   |
 * | group                  | DIR#<dirId>              | GROUP#<groupId>                 |                                                   |
 * | group name / ext. id   | DIR#<dirId>              | GROUPNAME#<lower> GROUPEXT#<externalId> (guards; lookups)                   |
 * | membership             | DIR#<dirId>#G#<groupId>  | U#<userId>                      | DIR#<dirId>#U#<userId> / G#<groupId> (a user's groups) |
 * | SCIM credential        | SCIMTOKEN#<sha256>       | META                            | (authentication lookup)                           |
 * | SCIM credential (list) | DIR#<dirId>              | SCIMCRED#<credentialId>         |                                                   |
 * | rate window            | RATE#<key>#<windowStart> | META                            | (counter; `ttl` reaps it)                         |
 * | access configuration   | DIR#<dirId>              | AC#<acId>  (+ ACNAME#<lower> guard)                                          |
 * | access assignment      | DIR#<dirId>#AC#<acId>    | AA#<target>#<principal>         | DIR#<dirId>#P#<principal> / AA#<acId>#<target>    |
 * | assignment (by target) | DIR#<dirId>#T#<target>   | AA#<acId>#<principal>           | ASSIGNEXP#<shard> / <expiresAt>#… (time-bound only) |
 * | provisioning           | DIR#<dirId>#ACCT#<acct>  | PROV#<acId>                     | DIR#<dirId>#AC#<acId>#PROV / <accountId>          |
 * | CIAM instance          | INST#<instanceId>        | META                            | ACCOUNT#<accountId>#INSTANCES / <createdAt>#<id>  |
 * | instance order         | INST#<instanceId>        | ORDER#<orderId>                 |                                                   |
 * | instance administrator | INST#<instanceId>        | ADMIN#<adminId>                 | ADMIN#<adminId>#INSTANCES / INST#<instanceId>     |
 * | CIAM application       | INST#<instanceId>        | APP#<applicationId>             | (logon methods and secret hashes inside)          |
 * | SAML SP entity id guard| INST#<instanceId>        | SAMLSP#<sha256(spEntityId)>     | (unique per instance; SAML SSO finds the SP by it)|
 * | application count      | INST#<instanceId>        | APPCOUNT                        | (counter: the edition's maxApplications)          |
 * | CIAM customer          | CUST#<instId>#<custId>   | META                            |                                                   |
 * | customer password      | CUST#<instId>#<custId>   | PWD                             | (argon2id PHC hash; read by logon and export only) |
 * | customer name guard    | CUSTNAME#<instId>#<lower>| META                            | INST#<instId>#CUST / <lower(username)> (listing)  |
 * | customer phone guard   | CUSTPHONE#<instId>#<e164>| META                            | (guard: uniqueness; logon lookup)                 |
 * | customer e-mail guard  | CUSTMAIL#<instId>#<lower>| META                            | (guard: uniqueness; logon lookup)                 |
 * | OIDC authorization code| OIDCCODE#<instId>#<hash> | META                            | (single use: conditional consume; `ttl`)          |
 * | OIDC refresh token     | OIDCRT#<instId>#<hash>   | META                            | OIDCGRANT#<instId>#<grantId> / RT#<issuedAt>#<hash> |
 * | OIDC grant (family)    | OIDCGRANT#<instId>#<gid> | META                            | (live token, revokedAt; `ttl`)                    |
 * | customer session       | CSESS#<instId>#<idHash>  | META                            | CSESSOF#<instId>#<customerId> / <createdAt> (`ttl`) |
 * | pending authorization  | AUTHREQ#<instId>#<id>    | META                            | (the request while the customer logs on; `ttl`)   |
 * | MAU mark (instance)    | MAUMARK#<instId>#<month>#<custId> | INSTANCE               | (put if absent; first active day; `ttl` 13 months) |
 * | MAU mark (application) | MAUMARK#<instId>#<month>#<custId> | APP#<appId>            | (put if absent; `ttl` 13 months)                  |
 * | MAU counter shard      | MAU#<instId>#<month>#<shard>      | INSTANCE               | (`n`, `d01`…`d31` new per day; ADD; 16 shards)    |
 * | MAU application counts | MAU#<instId>#<month>#<shard>#APPS | APP#<appId>            | (`n`; ADD; Query per shard to read)               |
 * | MAU thresholds         | INST#<instanceId>        | MAUTHRESHOLDS                   | (the customer's alert levels)                     |
 * | usage alert raised     | INST#<instanceId>        | MAUALERT#<month>#<threshold>#<percent> | (put if absent: each alert once)           |
 * | billable instance      | BILLABLE#INSTANCES       | <instanceId>                    | (edition, price, purchase and release times)      |
 * | MAU snapshot (hourly)  | MAUHOUR#<instId>#<month> | <YYYY-MM-DDTHH>                 | (the month's MAU when the hourly job ran)         |
 * | bill line              | BILL#<acctId>#<month>    | <instanceId>#<YYYY-MM-DD>       | (one per instance and day; overwritten on re-run) |
 * | monthly statement      | STMT#<acctId>            | <YYYY-MM>                       | (the month's lines summed)                        |
 * | audit event            | AUDIT#<kind>#<id>#<YYYY-MM-DD>#<shard> | <time>#<eventId>  | (`ttl`: the tenant's retention; 4 shards a day)   |
 * | audit settings         | AUDITCFG#<kind>#<id>     | META                            | (the tenant's retention)                          |
 * | console session        | CONSESS#<sha256(cookie)> | META                            | (the API key's hash, CSRF token; `ttl`)           |
 *
 * Hot keys: a directory's users and guards share the partition key DIR#<dirId>; DynamoDB splits such a
 * partition by sort-key range under load (no LSI pins it), and a 100,000-member group's memberships get a
 * partition key of their own. The directory item's counters are the one hot item: see docs/capacity.md.
 * The open-task index is sharded (TASK_SHARDS) so a burst of tasks spreads over several partitions.
 *
 * CIAM customers are many (millions per instance) and their traffic is the instance's end users', so
 * none of their items sits in the instance partition INST#<id>: a partition serves about 1,000 writes/s,
 * and every registration, logon and password change would land on that one key. Instead each customer
 * (with its password item) has a partition of its own, and so has each uniqueness guard: creates are a
 * transaction over 2-5 distinct keys, a logon lookup is a GetItem on the guard then on the customer.
 * Only listing needs one key per instance: the name guard carries gsi1 INST#<id>#CUST, sorted by the
 * lower-cased account name (so a name prefix is a key range). The guard is written on create, delete and
 * status change only, never at logon, and account names are not monotonic, so DynamoDB can split that
 * index partition by sort-key range under a registration burst; the listing is eventually consistent.
 *
 * Metering (monthly active users) writes on every new MAU, and on the first day of a month nearly every
 * logon is one: the marks are a partition per (instance, month, account), and each month's counters are
 * sharded 16 ways by account (MAU_COUNTER_SHARDS), the applications' counts in partitions of their own,
 * so a new MAU costs each counter partition one transactional write (2 WCU), never a single hot key.
 */
import type { KeyOwner } from '../../domain/iam/api-key';
import type { AccessPrincipal, AccessTarget } from '../../domain/access/access-assignment';
import type {
  AccessConfigurationId,
  AccountId,
  AdministratorId,
  ApiKeyId,
  ApplicationId,
  CustomerId,
  DirectoryId,
  FolderId,
  GroupId,
  InstanceId,
  ResourceDirectoryId,
  ScimCredentialId,
  TaskId,
  UserId,
} from '../../domain/shared/ids';
import type { TaskScope } from '../../domain/tasks/task';
import type { Month } from '../../domain/metering/activity-period';

export type Key = { pk: string; sk: string };

export const META = 'META';
export const GSI1 = 'gsi1';

export const accountKey = (id: AccountId): Key => ({ pk: `ACCOUNT#${id}`, sk: META });
export const accountsInDirectory = (rdId: ResourceDirectoryId) => `RD#${rdId}#ACCOUNTS`;
export const accountInFolder = (folderId: FolderId, accountId: AccountId) => `F#${folderId}#A#${accountId}`;
export const accountsInFolderPrefix = (folderId: FolderId) => `F#${folderId}#A#`;

export const administratorKey = (accountId: AccountId, id: AdministratorId): Key => ({
  pk: `ACCOUNT#${accountId}`,
  sk: `ADMIN#${id}`,
});
export const administratorsPrefix = 'ADMIN#';
export const administratorNameKey = (accountId: AccountId, name: string): Key => ({
  pk: `ACCOUNT#${accountId}`,
  sk: `ADMINNAME#${name.toLowerCase()}`,
});

export const apiKeyByHashKey = (secretHash: string): Key => ({ pk: `APIKEY#${secretHash}`, sk: META });
/** The AccessKeyId lookup of a signed (RPC API) request; key ids are random and global. */
export const apiKeyByIdKey = (id: ApiKeyId): Key => ({ pk: `ACCESSKEY#${id}`, sk: META });
/** One item per (AccessKeyId, SignatureNonce) seen, until the request's timestamp leaves the window. */
export const signatureNonceKey = (accessKeyId: string, nonce: string): Key => ({ pk: `NONCE#${accessKeyId}#${nonce}`, sk: META });
const ownerTag = (owner: KeyOwner) => (owner.kind === 'account' ? 'ROOT' : `ADMIN#${owner.administratorId}`);
export const apiKeysOfOwnerPrefix = (owner: KeyOwner) => `KEY#${ownerTag(owner)}#`;
export const apiKeyRefKey = (accountId: AccountId, owner: KeyOwner, id: ApiKeyId): Key => ({
  pk: `ACCOUNT#${accountId}`,
  sk: `${apiKeysOfOwnerPrefix(owner)}${id}`,
});
/** The item that holds an owner's key count: the account itself or the administrator. */
export const keyOwnerKey = (accountId: AccountId, owner: KeyOwner): Key =>
  owner.kind === 'account' ? accountKey(accountId) : administratorKey(accountId, owner.administratorId);

export const directoryKey = (rdId: ResourceDirectoryId): Key => ({ pk: `RD#${rdId}`, sk: META });
export const folderKey = (rdId: ResourceDirectoryId, id: FolderId): Key => ({ pk: `RD#${rdId}`, sk: `FOLDER#${id}` });
export const foldersInDirectory = (rdId: ResourceDirectoryId) => `RD#${rdId}#FOLDERS`;
export const folderInParent = (parentId: FolderId, id: FolderId) => `P#${parentId}#F#${id}`;
export const foldersInParentPrefix = (parentId: FolderId) => `P#${parentId}#F#`;
export const folderNameKey = (rdId: ResourceDirectoryId, parentId: FolderId, name: string): Key => ({
  pk: `RD#${rdId}`,
  sk: `FOLDERNAME#${parentId}#${name.toLowerCase()}`,
});

export const scopeKey = (scope: TaskScope): string => {
  switch (scope.kind) {
    case 'resourceDirectory':
      return `RD#${scope.id}`;
    case 'directory':
      return `DIR#${scope.id}`;
    case 'instance':
      return instancePk(scope.id);
  }
};
export const TASK_PREFIX = 'TASK#';
export const taskKey = (scope: TaskScope, id: TaskId): Key => ({ pk: scopeKey(scope), sk: `${TASK_PREFIX}${id}` });
export const TASK_SHARDS = 8;
export const openTasksShard = (shard: number) => `TASKS#OPEN#${shard}`;
/** Spreads open tasks over shards by a stable hash of the id (ULIDs' tails are random). */
export const openTaskShardOf = (id: TaskId): number => {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(h) % TASK_SHARDS;
};

export const cloudSsoDirectoryKey = (id: DirectoryId): Key => ({ pk: `DIR#${id}`, sk: META });
/** That the account enabled CloudSSO (EnableService), which may come before its directory. */
export const cloudSsoServiceKey = (accountId: AccountId): Key => ({ pk: `ACCOUNT#${accountId}`, sk: 'CLOUDSSO#SERVICE' });
export const directoryNameGuardKey = (name: string): Key => ({ pk: `DIRNAME#${name}`, sk: META });
export const accountDirectoryGuardKey = (accountId: AccountId): Key => ({ pk: `ACCOUNT#${accountId}`, sk: 'CLOUDSSO#DIRECTORY' });

const dir = (id: DirectoryId) => `DIR#${id}`;
export const USER_PREFIX = 'USER#';
export const USERNAME_PREFIX = 'USERNAME#';
export const userKey = (d: DirectoryId, id: UserId): Key => ({ pk: dir(d), sk: `${USER_PREFIX}${id}` });
export const userNameGuardKey = (d: DirectoryId, userName: string): Key => ({ pk: dir(d), sk: `${USERNAME_PREFIX}${userName.toLowerCase()}` });
export const userEmailGuardKey = (d: DirectoryId, email: string): Key => ({ pk: dir(d), sk: `USEREMAIL#${email.toLowerCase()}` });
export const userExternalIdGuardKey = (d: DirectoryId, externalId: string): Key => ({ pk: dir(d), sk: `USEREXT#${externalId}` });

export const GROUP_PREFIX = 'GROUP#';
export const GROUPNAME_PREFIX = 'GROUPNAME#';
export const groupKey = (d: DirectoryId, id: GroupId): Key => ({ pk: dir(d), sk: `${GROUP_PREFIX}${id}` });
export const groupNameGuardKey = (d: DirectoryId, name: string): Key => ({ pk: dir(d), sk: `${GROUPNAME_PREFIX}${name.toLowerCase()}` });
export const groupExternalIdGuardKey = (d: DirectoryId, externalId: string): Key => ({ pk: dir(d), sk: `GROUPEXT#${externalId}` });

export const groupMembersPartition = (d: DirectoryId, groupId: GroupId) => `${dir(d)}#G#${groupId}`;
export const membershipKey = (d: DirectoryId, groupId: GroupId, userId: UserId): Key => ({
  pk: groupMembersPartition(d, groupId),
  sk: `U#${userId}`,
});
export const userGroupsPartition = (d: DirectoryId, userId: UserId) => `${dir(d)}#U#${userId}`;
export const userGroupsSort = (groupId: GroupId) => `G#${groupId}`;

export const scimTokenKey = (secretHash: string): Key => ({ pk: `SCIMTOKEN#${secretHash}`, sk: META });
export const SCIMCRED_PREFIX = 'SCIMCRED#';
export const scimCredentialKey = (d: DirectoryId, id: ScimCredentialId): Key => ({ pk: dir(d), sk: `${SCIMCRED_PREFIX}${id}` });

export const rateWindowKey = (key: string, windowStart: number): Key => ({ pk: `RATE#${key}#${windowStart}`, sk: META });

// Logon (CloudSSO portal). Secrets are never keys: sessions are keyed by a hash of their cookie value.
export const logonSettingsKey = (d: DirectoryId): Key => ({ pk: dir(d), sk: 'LOGONSETTINGS' });
export const samlIdpKey = (d: DirectoryId): Key => ({ pk: dir(d), sk: 'SAMLIDP' });
export const accessSettingsKey = (d: DirectoryId): Key => ({ pk: dir(d), sk: 'ACCESSSETTINGS' });
export const passwordKey = (d: DirectoryId, userId: UserId): Key => ({ pk: dir(d), sk: `PWD#${userId}` });
export const MFA_PREFIX = 'MFA#';
export const mfaDeviceKey = (d: DirectoryId, userId: UserId, deviceId: string): Key => ({ pk: dir(d), sk: `${MFA_PREFIX}${userId}#${deviceId}` });
export const mfaDevicesOfUserPrefix = (userId: UserId) => `${MFA_PREFIX}${userId}#`;
// How many MFA devices a user has (`n`), kept with every device put and delete: a password logon reads
// it in the same BatchGet as the user and the credential instead of querying the devices. Created (n = 0)
// with the password credential, so its absence means "not known" (a user from before it existed).
export const mfaDeviceCountKey = (d: DirectoryId, userId: UserId): Key => ({ pk: dir(d), sk: `MFACOUNT#${userId}` });
export const sessionKey = (sessionHash: string): Key => ({ pk: `SESSION#${sessionHash}`, sk: META });
export const userSessionsPartition = (d: DirectoryId, userId: UserId) => `${dir(d)}#SESSIONS#${userId}`;
export const samlRequestKey = (requestId: string): Key => ({ pk: `SAMLREQ#${requestId}`, sk: META });
export const samlReplayKey = (issuer: string, assertionId: string): Key => ({
  pk: `SAMLID#${encodeURIComponent(issuer)}#${encodeURIComponent(assertionId)}`,
  sk: META,
});

// Atrium as the IdP of member accounts: a directory's SAML signing keys (private keys never leave the item).
export const IDPKEY_PREFIX = 'IDPKEY#';
export const signingKeyKey = (partition: string, keyId: string): Key => ({ pk: partition, sk: `${IDPKEY_PREFIX}${keyId}` });

// The sandbox cloud (embedded adapter of the cloud ports): per member account, its roles and SAML
// providers; its console sessions and issued credentials expire by `ttl`.
export const sandboxAccountPartition = (accountId: AccountId) => `SANDBOX#${accountId}`;
export const SANDBOX_ROLE_PREFIX = 'ROLE#';
export const sandboxRoleKey = (accountId: AccountId, name: string): Key => ({ pk: sandboxAccountPartition(accountId), sk: `${SANDBOX_ROLE_PREFIX}${name}` });
export const sandboxSamlProviderKey = (accountId: AccountId, name: string): Key => ({ pk: sandboxAccountPartition(accountId), sk: `SAMLPROVIDER#${name}` });
export const sandboxSessionKey = (sessionHash: string): Key => ({ pk: `SANDBOXSESSION#${sessionHash}`, sk: META });
export const sandboxAssertionKey = (assertionId: string): Key => ({ pk: `SANDBOXSAML#${encodeURIComponent(assertionId)}`, sk: META });

// Access (CloudSSO access configurations, assignments, provisionings).
export const AC_PREFIX = 'AC#';
export const accessConfigurationKey = (d: DirectoryId, id: AccessConfigurationId): Key => ({ pk: dir(d), sk: `${AC_PREFIX}${id}` });
export const accessConfigurationNameKey = (d: DirectoryId, name: string): Key => ({ pk: dir(d), sk: `ACNAME#${name.toLowerCase()}` });
const targetTag = (t: AccessTarget) => `${t.type}#${t.id}`;
const principalTag = (p: AccessPrincipal) => `${p.type}#${p.id}`;
export const ASSIGNMENT_PREFIX = 'AA#';
export const assignmentsOfConfiguration = (d: DirectoryId, acId: AccessConfigurationId) => `${dir(d)}#AC#${acId}`;
export const assignmentsOnTargetPrefix = (t: AccessTarget) => `${ASSIGNMENT_PREFIX}${targetTag(t)}#`;
export const assignmentKey = (d: DirectoryId, acId: AccessConfigurationId, t: AccessTarget, p: AccessPrincipal): Key => ({
  pk: assignmentsOfConfiguration(d, acId),
  sk: `${assignmentsOnTargetPrefix(t)}${principalTag(p)}`,
});
export const assignmentsOfPrincipal = (d: DirectoryId, p: AccessPrincipal) => `${dir(d)}#P#${principalTag(p)}`;
export const assignmentOfPrincipalSort = (acId: AccessConfigurationId, t: AccessTarget) => `${ASSIGNMENT_PREFIX}${acId}#${targetTag(t)}`;
export const assignmentsOnTarget = (d: DirectoryId, t: AccessTarget) => `${dir(d)}#T#${targetTag(t)}`;
export const assignmentOnTargetKey = (d: DirectoryId, acId: AccessConfigurationId, t: AccessTarget, p: AccessPrincipal): Key => ({
  pk: assignmentsOnTarget(d, t),
  sk: `${ASSIGNMENT_PREFIX}${acId}#${principalTag(p)}`,
});
export const ASSIGNMENT_EXPIRY_SHARDS = 4;
export const assignmentExpiryShard = (shard: number) => `ASSIGNEXP#${shard}`;
export const assignmentExpirySort = (expiresAt: string, d: DirectoryId, acId: AccessConfigurationId, t: AccessTarget, p: AccessPrincipal) =>
  `${expiresAt}#${d}#${acId}#${targetTag(t)}#${principalTag(p)}`;
export const provisioningsOfAccount = (d: DirectoryId, accountId: AccountId) => `${dir(d)}#ACCT#${accountId}`;
export const PROVISIONING_PREFIX = 'PROV#';
export const provisioningKey = (d: DirectoryId, accountId: AccountId, acId: AccessConfigurationId): Key => ({
  pk: provisioningsOfAccount(d, accountId),
  sk: `${PROVISIONING_PREFIX}${acId}`,
});
export const provisioningsOfConfiguration = (d: DirectoryId, acId: AccessConfigurationId) => `${dir(d)}#AC#${acId}#PROV`;

// CIAM: an instance's partition holds the instance, its orders and administrators (and, as they land,
// its applications and customer accounts); lists across instances go through gsi1.
export const instancePk = (id: InstanceId) => `INST#${id}`;
export const instanceKey = (id: InstanceId): Key => ({ pk: instancePk(id), sk: META });
export const instancesOfAccount = (accountId: AccountId) => `ACCOUNT#${accountId}#INSTANCES`;
export const ORDER_PREFIX = 'ORDER#';
export const orderKey = (id: InstanceId, orderId: string): Key => ({ pk: instancePk(id), sk: `${ORDER_PREFIX}${orderId}` });
export const INSTANCE_ADMIN_PREFIX = 'ADMIN#';
export const instanceAdministratorKey = (id: InstanceId, adminId: AdministratorId): Key => ({ pk: instancePk(id), sk: `${INSTANCE_ADMIN_PREFIX}${adminId}` });
export const instancesOfAdministrator = (adminId: AdministratorId) => `ADMIN#${adminId}#INSTANCES`;
export const APPLICATION_PREFIX = 'APP#';
export const applicationKey = (id: InstanceId, applicationId: ApplicationId): Key => ({ pk: instancePk(id), sk: `${APPLICATION_PREFIX}${applicationId}` });
// The count has an item of its own: the instance item is rewritten whole (a Put) when it changes, which
// would reset a counter kept on it.
export const applicationCountKey = (id: InstanceId): Key => ({ pk: instancePk(id), sk: 'APPCOUNT' });
// A SAML application's claim on its SP entity id, which SAML SSO looks the application up by. The id
// may be a 1,024-character URI: the sort key holds its SHA-256, the item the id and the application.
export const spEntityIdGuardKey = (id: InstanceId, entityIdSha256: string): Key => ({ pk: instancePk(id), sk: `SAMLSP#${entityIdSha256}` });
// Which of a directory's IdP signing keys is Active, Pending, Previous: one item, version-checked, so
// concurrent first uses and rotations settle on exactly one Active key.
export const signingKeySetKey = (partition: string): Key => ({ pk: partition, sk: 'IDPKEYSET' });
export const idpSigningKeySetKey = (d: DirectoryId): Key => signingKeySetKey(dir(d));
// Sandbox STS credentials, keyed by a hash of the access key id (the secret and token are hashed too).
export const sandboxCredentialKey = (accessKeyIdHash: string): Key => ({ pk: `SANDBOXSTS#${accessKeyIdHash}`, sk: META });

// CIAM: one-time codes and CAPTCHAs. Each item carries `ttl` (epoch seconds); expiry is still checked on
// every read (by the domain), since DynamoDB reaps late. Phone numbers are E.164 and purposes a fixed set, so
// neither can contain `#`; challenge ids are base64url; login identifiers are URI-encoded.
// | one-time code       | OTP#<instanceId>#<phone>#<purpose>        | META | (one per key; a new code replaces it)  |
// | CAPTCHA challenge   | CAPTCHA#<instanceId>#<challengeId>        | META | (single use: a conditional delete)      |
// | failed logons       | LOGONFAIL#<instanceId>#<scope>#<value>    | META | (newest failure times, in slots)        |
export const oneTimeCodeKey = (instanceId: InstanceId, phone: string, purpose: string): Key => ({ pk: `OTP#${instanceId}#${phone}#${purpose}`, sk: META });
export const captchaChallengeKey = (instanceId: InstanceId, id: string): Key => ({ pk: `CAPTCHA#${instanceId}#${id}`, sk: META });
export const failedLogonsKey = (instanceId: InstanceId, scope: string, value: string): Key => ({
  pk: `LOGONFAIL#${instanceId}#${scope}#${encodeURIComponent(value)}`,
  sk: META,
});

// CIAM customers (the product's "accounts"): see the capacity note at the top. Account names and phone
// numbers cannot contain `#`; an e-mail can, but it is the key's last part, so it cannot be misread.
const customerPk = (instanceId: InstanceId, id: CustomerId) => `CUST#${instanceId}#${id}`;
export const customerKey = (instanceId: InstanceId, id: CustomerId): Key => ({ pk: customerPk(instanceId, id), sk: META });
export const customerCredentialKey = (instanceId: InstanceId, id: CustomerId): Key => ({ pk: customerPk(instanceId, id), sk: 'PWD' });
export const customerNameGuardKey = (instanceId: InstanceId, username: string): Key => ({ pk: `CUSTNAME#${instanceId}#${username.toLowerCase()}`, sk: META });
export const customerPhoneGuardKey = (instanceId: InstanceId, phone: string): Key => ({ pk: `CUSTPHONE#${instanceId}#${phone}`, sk: META });
export const customerEmailGuardKey = (instanceId: InstanceId, email: string): Key => ({ pk: `CUSTMAIL#${instanceId}#${email.toLowerCase()}`, sk: META });
/** gsi1pk of the name guards: the instance's customers by lower-cased account name. */
export const customersOfInstance = (instanceId: InstanceId) => `${instancePk(instanceId)}#CUST`;

// CIAM OpenID provider state. Codes and refresh tokens are keyed by their SHA-256 (base64url or hex,
// never `#`), never by the secret itself; each item is a partition of its own, like the customers', so
// an instance's token traffic spreads over the table. `ttl` reaps them (see the stores for when).
// The grant item holds the family's live token and its revocation; the family's tokens are found
// through gsi1 (no list on the grant item, so a long-lived family never nears the 400 KB item limit).
export const customerSessionKey = (instanceId: InstanceId, idHash: string): Key => ({ pk: `CSESS#${instanceId}#${idHash}`, sk: META });
export const sessionsOfCustomer = (instanceId: InstanceId, customerId: string) => `CSESSOF#${instanceId}#${customerId}`;
export const pendingAuthorizationKey = (instanceId: InstanceId, id: string): Key => ({ pk: `AUTHREQ#${instanceId}#${id}`, sk: META });
export const oidcCodeKey = (instanceId: InstanceId, codeHash: string): Key => ({ pk: `OIDCCODE#${instanceId}#${codeHash}`, sk: META });
export const oidcRefreshTokenKey = (instanceId: InstanceId, tokenHash: string): Key => ({ pk: `OIDCRT#${instanceId}#${tokenHash}`, sk: META });
export const oidcGrantPk = (instanceId: InstanceId, grantId: string) => `OIDCGRANT#${instanceId}#${grantId}`;
export const oidcGrantKey = (instanceId: InstanceId, grantId: string): Key => ({ pk: oidcGrantPk(instanceId, grantId), sk: META });
/** gsi1sk of a refresh token under its grant's gsi1pk (`oidcGrantPk`): the family in issue order. */
export const oidcFamilyTokenSort = (issuedAt: string, tokenHash: string) => `RT#${issuedAt}#${tokenHash}`;

// Metering (monthly active users): see the note at the top. Months are YYYY-MM and shards 0-15, and the
// consumer only accepts Atrium ids (no `#`), so no part can be misread as another.
export const activityMarkPk = (instanceId: InstanceId, month: Month, customerId: CustomerId) => `MAUMARK#${instanceId}#${month}#${customerId}`;
export const activityMarkKey = (instanceId: InstanceId, month: Month, customerId: CustomerId, applicationId: ApplicationId | undefined): Key => ({
  pk: activityMarkPk(instanceId, month, customerId),
  sk: applicationId === undefined ? 'INSTANCE' : `APP#${applicationId}`,
});
export const mauCounterKey = (instanceId: InstanceId, month: Month, shard: number): Key => ({ pk: `MAU#${instanceId}#${month}#${shard}`, sk: 'INSTANCE' });
export const mauApplicationCountersPk = (instanceId: InstanceId, month: Month, shard: number) => `MAU#${instanceId}#${month}#${shard}#APPS`;
export const mauApplicationCounterKey = (instanceId: InstanceId, month: Month, shard: number, applicationId: ApplicationId): Key => ({
  pk: mauApplicationCountersPk(instanceId, month, shard),
  sk: `APP#${applicationId}`,
});
export const usageThresholdsKey = (instanceId: InstanceId): Key => ({ pk: instancePk(instanceId), sk: 'MAUTHRESHOLDS' });

// Billing. The registry of billable instances is one partition: purchases and releases are rare
// (a few a second at most), and the jobs read it whole, a page per few hundred instances. Bill lines
// are one partition per account and month (written once a day per instance), statements per account.
export const BILLABLE_INSTANCES = 'BILLABLE#INSTANCES';
export const billableInstanceKey = (instanceId: InstanceId): Key => ({ pk: BILLABLE_INSTANCES, sk: instanceId });
export const usageAlertKey = (instanceId: InstanceId, month: string, threshold: number, percent: number): Key => ({
  pk: instancePk(instanceId),
  sk: `MAUALERT#${month}#${threshold}#${percent}`,
});
export const mauSnapshotPk = (instanceId: InstanceId, month: string) => `MAUHOUR#${instanceId}#${month}`;
export const billLinesPk = (accountId: AccountId, month: string) => `BILL#${accountId}#${month}`;
export const billLineKey = (accountId: AccountId, month: string, instanceId: InstanceId, day: string): Key => ({ pk: billLinesPk(accountId, month), sk: `${instanceId}#${day}` });
export const statementsPk = (accountId: AccountId) => `STMT#${accountId}`;
export const statementKey = (accountId: AccountId, month: string): Key => ({ pk: statementsPk(accountId), sk: month });

// Audit trail: a partition per tenant, UTC day and shard; sorted by time (then event id, unique).
export const AUDIT_SHARDS = 4;
export const auditPartition = (tenant: { type: string; id: string }, day: string, shard: number): string => `AUDIT#${tenant.type}#${tenant.id}#${day}#${shard}`;
export const auditSortKey = (time: string, eventId: string): string => `${time}#${eventId}`;
export const auditSettingsKey = (tenant: { type: string; id: string }): Key => ({ pk: `AUDITCFG#${tenant.type}#${tenant.id}`, sk: META });

// Console: sessions keyed by a hash of their cookie value, like the portal's.
export const consoleSessionKey = (idHash: string): Key => ({ pk: `CONSESS#${idHash}`, sk: META });
