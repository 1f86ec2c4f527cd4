import { systemClock } from '../adapters/clock/system-clock';
import { AesGcmSecretSealer, newSealingKey } from '../adapters/crypto/secret-sealer';
import { DynamoSignatureNonces } from '../adapters/dynamodb/signature-nonce-store';
import type { SecretSealer } from '../domain/shared/secrets';
import type { SignatureNonces } from '../domain/iam/ports';
import { secrets } from '../adapters/crypto/secrets';
import { randomIds } from '../adapters/crypto/random-ids';
import { auditedIds } from '../adapters/audit/audited-ids';
import { DynamoAuditTrail } from '../adapters/dynamodb/audit-trail';
import { DynamoConsoleSessionRepository } from '../adapters/dynamodb/console-session-repository';
import { DynamoAuditSettingsRepository } from '../adapters/dynamodb/audit-settings-repository';
import { DynamoAccountRepository } from '../adapters/dynamodb/account-repository';
import { DynamoAdministratorRepository } from '../adapters/dynamodb/administrator-repository';
import { DynamoApiKeyRepository } from '../adapters/dynamodb/api-key-repository';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client';
import { DynamoResourceDirectoryRepository } from '../adapters/dynamodb/resource-directory-repository';
import { Table } from '../adapters/dynamodb/table';
import { DynamoTaskRepository } from '../adapters/dynamodb/task-repository';
import { rootLogger, type Logger } from '../adapters/log/json-logger';
import { rootMetrics } from '../adapters/metrics/emf-metrics';
import type { Metrics } from '../domain/shared/metrics';
import { DynamoDirectoryRepository } from '../adapters/dynamodb/directory-repository';
import { DynamoGroupRepository } from '../adapters/dynamodb/group-repository';
import { DynamoMembershipRepository } from '../adapters/dynamodb/membership-repository';
import { DynamoScimCredentialRepository } from '../adapters/dynamodb/scim-credential-repository';
import { DynamoRateLimiter } from '../adapters/dynamodb/rate-limiter';
import { DynamoUserRepository } from '../adapters/dynamodb/user-repository';
import type { GroupDependencies, UserDependencies } from '../domain/directory/ports';
import { removeAssignmentsOf } from '../domain/access/access-assignment-use-cases';
import type { DirectoryId, InstanceId } from '../domain/shared/ids';
import type { LogonPorts } from '../domain/logon/logon-ports';
import type { PasswordHasher } from '../domain/logon/ports';
import { DynamoLogonSettingsRepository } from '../adapters/dynamodb/logon-settings-repository';
import { DynamoSessionRepository } from '../adapters/dynamodb/session-repository';
import { DynamoPasswordLogonLookup } from '../adapters/dynamodb/password-logon-lookup';
import { DynamoPasswordRepository } from '../adapters/dynamodb/password-repository';
import { DynamoMfaDeviceRepository } from '../adapters/dynamodb/mfa-device-repository';
import { OtplibTotpService } from '../adapters/crypto/totp';
import { DynamoSamlIdpRepository } from '../adapters/dynamodb/saml-idp-repository';
import { DynamoSamlReplayGuard } from '../adapters/dynamodb/saml-replay-guard';
import { DynamoSamlRequestStore } from '../adapters/dynamodb/saml-request-store';
import { lazyPasswordHasher, lazySamlServiceProvider } from '../adapters/lazy-logon-adapters';
import { DynamoIdpSigningKeyRepository } from '../adapters/dynamodb/idp-signing-key-repository';
import { lazyCiamSamlResponseSigner, lazyIdpResponseSigner } from '../adapters/saml/lazy-idp-response-signer';
import { SandboxCloud } from '../adapters/sandbox-cloud/sandbox-cloud';
import type { CloudCredentialBroker, CloudProvisioner, SignInResponseSigner } from '../domain/access/cloud';
import type { IdpSigningKeyRepository } from '../domain/access/idp-signing-key';
import { purgeGroupMemberships } from '../domain/directory/purge-memberships-task';
import type { IamPorts } from '../domain/iam/iam-ports';
import type { OrgPorts } from '../domain/org/org-ports';
import { removeResourceAccount } from '../domain/org/remove-account-task';
import type { Clock } from '../domain/shared/clock';
import type { RateLimiter } from '../domain/shared/rate-limiter';
import { checkRequestLimits, requestLimitsFrom, type RequestLimitOverrides, type RequestLimitSource } from '../domain/shared/request-limits';
import type { IdGenerator } from '../domain/shared/ids';
import type { TaskQueue, TaskRetryDelay } from '../domain/tasks/ports';
import type { TaskHandlers } from '../domain/tasks/run-task';
import type { AccessPorts } from '../domain/access/access-ports';
import { toPem } from '../domain/saml/certificate';
import { DynamoAccessConfigurationRepository } from '../adapters/dynamodb/access-configuration-repository';
import { DynamoAccessAssignmentRepository } from '../adapters/dynamodb/access-assignment-repository';
import { DynamoProvisioningRepository } from '../adapters/dynamodb/provisioning-repository';
import { DynamoAccessSettingsRepository } from '../adapters/dynamodb/access-settings-repository';
import { reconcileAccountAccess, runAccessWork, updateSamlProviders } from '../domain/access/converge-access';
import { publishedKeys } from '../domain/access/idp-signing-key';
import { allPages } from '../domain/access/resource-tree';
import type { CiamPorts } from '../domain/ciam/ciam-ports';
import { randomBytes } from 'node:crypto';
import type { CaptchaChallenges, CaptchaGenerator, FailedLogonCounter } from '../domain/ciam/captcha-ports';
import type { CodeHasher } from '../domain/ciam/code-hasher';
import type { CustomerSessionRepository, LogonEventPublisher, PendingAuthorizationStore, TokenRequestReads } from '../domain/ciam/hosted-ports';
import type { CodeGenerator, OneTimeCodeStore, SmsSender } from '../domain/ciam/one-time-code-ports';
import type { AuthorizationCodeStore, RefreshTokenStore } from '../domain/ciam/oidc/ports';
import type { OidcTokenSigner } from '../domain/ciam/oidc/token-signer-port';
import type { SamlResponseSigner } from '../domain/ciam/saml-idp/ports';
import { DynamoCustomerSessionRepository } from '../adapters/dynamodb/customer-session-repository';
import { DynamoPendingAuthorizationStore } from '../adapters/dynamodb/pending-authorization-store';
import { DynamoAuthorizationCodeStore } from '../adapters/dynamodb/authorization-code-store';
import { DynamoTokenRequestReads } from '../adapters/dynamodb/token-request-reads';
import { DynamoRefreshTokenStore } from '../adapters/dynamodb/refresh-token-store';
import { DynamoOneTimeCodeStore } from '../adapters/dynamodb/one-time-code-store';
import { DynamoFailedLogonCounter } from '../adapters/dynamodb/failed-logon-counter';
import { DynamoCaptchaChallenges } from '../adapters/dynamodb/captcha-store';
import { lazyOidcTokenSigner } from '../adapters/crypto/lazy-oidc-token-signer';
import { cryptoCodeGenerator } from '../adapters/crypto/code-generator';
import { HmacCodeHasher } from '../adapters/crypto/hmac-code-hasher';
import { OutboxSmsSender } from '../adapters/sms/outbox-sms-sender';
import { HttpSmsSender } from '../adapters/sms/http-sms-sender';
import { SvgCaptchaGenerator } from '../adapters/captcha/svg-captcha-generator';
import { initializeInstance } from '../domain/ciam/instance-use-cases';
import { DynamoInstanceRepository } from '../adapters/dynamodb/instance-repository';
import { DynamoInstanceAdministratorRepository } from '../adapters/dynamodb/instance-administrator-repository';
import { DynamoApplicationRepository } from '../adapters/dynamodb/application-repository';
import { DynamoCustomerRepository } from '../adapters/dynamodb/customer-repository';
import { instancePk } from '../adapters/dynamodb/keys';
import { DynamoActivityLedger } from '../adapters/dynamodb/activity-ledger';
import { DynamoUsageThresholdRepository } from '../adapters/dynamodb/usage-threshold-repository';
import { DynamoBillableInstances } from '../adapters/dynamodb/billable-instances';
import { DynamoBillRepository } from '../adapters/dynamodb/bill-repository';
import { DynamoMauSnapshotRepository } from '../adapters/dynamodb/mau-snapshot-repository';
import { DynamoUsageAlertLog } from '../adapters/dynamodb/usage-alert-log';
import type { BillableInstances, BillRepository, MauSnapshotRepository, UsageAlertLog, UsageAlertPublisher } from '../domain/billing/ports';
import type { ActivityLedger, UsageReader, UsageThresholdRepository } from '../domain/metering/ports';

/** Everything a handler needs, built once per cold start (or once per test file). */
export type Container = IamPorts &
  OrgPorts &
  LogonPorts &
  AccessPorts &
  CiamPorts & {
    /** SignatureNonces of AccessKey-signed (RPC API) requests, for replay protection. */
    readonly signatureNonces: SignatureNonces;
    /** CIAM instances' signing keys (OIDC ID tokens, SAML responses), rotated like the directories' IdP keys. */
    readonly instanceSigningKeys: DynamoIdpSigningKeyRepository<InstanceId>;
    readonly customerSessions: CustomerSessionRepository;
    readonly pendingAuthorizations: PendingAuthorizationStore;
    readonly authorizationCodes: AuthorizationCodeStore;
    readonly tokenRequestReads: TokenRequestReads;
    readonly refreshTokens: RefreshTokenStore;
    readonly oidcTokens: OidcTokenSigner;
    /** CIAM instances' SAML Responses (their SAML applications' SSO), signed with the instance's key. */
    readonly samlResponses: SamlResponseSigner;
    readonly oneTimeCodes: OneTimeCodeStore;
    readonly codeGenerator: CodeGenerator;
    readonly codeHasher: CodeHasher;
    readonly sms: SmsSender;
    /** The local SMS outbox (a dev-only endpoint shows it); absent when a real SMS gateway is configured. */
    readonly smsOutbox: OutboxSmsSender | undefined;
    readonly failedLogons: FailedLogonCounter;
    readonly captchaChallenges: CaptchaChallenges;
    readonly captchaGenerator: CaptchaGenerator;
    readonly logonEvents: LogonEventPublisher;
    /** Metering: the consumer's write side and the usage read side (one ledger object), and MAU thresholds. */
    readonly activityLedger: ActivityLedger;
    readonly usage: UsageReader;
    readonly usageThresholds: UsageThresholdRepository;
    /** Billing: the instances to bill, bill lines and statements, hourly MAU snapshots, usage alerts. */
    readonly billableInstances: BillableInstances;
    readonly bills: BillRepository;
    readonly mauSnapshots: MauSnapshotRepository;
    readonly usageAlerts: UsageAlertLog;
    readonly usageAlertPublisher: UsageAlertPublisher;
    readonly table: Table;
    /** The member accounts' cloud: the sandbox (the same object as `sandboxCloud`) unless configured otherwise. */
    readonly cloud: CloudProvisioner & CloudCredentialBroker;
    /** The sandbox cloud's own surface (console sign-in, STS), for its HTTP function. */
    readonly sandboxCloud: SandboxCloud;
    readonly signInSigner: SignInResponseSigner;
    readonly idpSigningKeys: IdpSigningKeyRepository;
    readonly taskHandlers: TaskHandlers;
    readonly taskRetryDelay: TaskRetryDelay;
    readonly rateLimiter: RateLimiter;
    /** The request rate limits in force (domain/shared/request-limits.ts): options, else env, else defaults. */
    readonly requestLimits: RequestLimitSource;
    readonly logger: Logger;
    /** Console sign-ins (functions/http/console). */
    readonly consoleSessions: DynamoConsoleSessionRepository;
    /** The audit trail: written with the changes it records (adapters/audit/audit-scope.ts), read by the audit API. */
    readonly auditRecorder: DynamoAuditTrail;
    readonly auditTrail: DynamoAuditTrail;
    readonly auditSettings: DynamoAuditSettingsRepository;
    /** Dashboards' and alarms' numbers (CloudWatch EMF on stdout; docs/operations.md lists them). */
    readonly metrics: Metrics;
    /** SHA-256 of the platform operator's token; operator routes are off when absent. */
    readonly operatorTokenHash: string | undefined;
  };

export type ContainerOptions = {
  readonly table?: Table;
  readonly taskQueue?: TaskQueue;
  /** Backoff between task deliveries (SQS ChangeMessageVisibility; the in-process queue locally). */
  readonly taskRetryDelay?: TaskRetryDelay;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  /** Where metrics go; EMF lines on stdout unless given (silent under vitest). */
  readonly metrics?: Metrics;
  readonly operatorToken?: string | undefined;
  readonly hasher?: PasswordHasher;
  /** Where SMS codes go; the local outbox unless ATRIUM_SMS_URL names a gateway. */
  readonly sms?: SmsSender;
  /** The key AccessKey secrets are sealed under (base64, 32 bytes); ATRIUM_SEALING_KEY, else random per process. */
  readonly sealingKey?: string;
  /** The key codes and CAPTCHA answers are hashed under; ATRIUM_CODE_HASH_KEY, else random per process. */
  readonly codeHashKey?: string;
  /** Where `logon.succeeded` goes; the metering queue (SQS) unless given. */
  readonly logonEvents?: LogonEventPublisher;
  /** Where usage alerts go; the usage-alerts SNS topic unless given. */
  readonly usageAlertPublisher?: UsageAlertPublisher;
  /** Draws the logon form's CAPTCHAs; svg-captcha unless given (tests keep the text to answer with). */
  readonly captchaGenerator?: CaptchaGenerator;
  /** Request rate limits above the environment's (tests set small ones, or `off`). */
  readonly requestLimits?: RequestLimitOverrides;
  /** Wraps the member accounts' cloud (tests inject failures here). */
  readonly wrapCloud?: (cloud: CloudProvisioner & CloudCredentialBroker) => CloudProvisioner & CloudCredentialBroker;
};

/** The limits read from the environment at each use; a malformed variable fails the cold start. */
const checkedRequestLimits = (overrides: RequestLimitOverrides | undefined): RequestLimitSource => {
  const source = requestLimitsFrom(() => process.env, overrides);
  checkRequestLimits(source);
  return source;
};

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

export const createContainer = (options: ContainerOptions = {}): Container => {
  const table =
    options.table ??
    new Table(
      required('TABLE_NAME'),
      createDocumentClient(createDynamoClient({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT })),
    );
  const cloudSide = cloudAdapters(table, options.clock ?? systemClock);
  const instanceSigningKeys = new DynamoIdpSigningKeyRepository<InstanceId>(table, { partition: instancePk, commonName: (id) => `Atrium CIAM ${id}` });
  const ports = {
    table,
    accounts: new DynamoAccountRepository(table),
    administrators: new DynamoAdministratorRepository(table),
    apiKeys: new DynamoApiKeyRepository(table),
    resourceDirectories: new DynamoResourceDirectoryRepository(table),
    directories: new DynamoDirectoryRepository(table),
    tasks: new DynamoTaskRepository(table, options.clock ?? systemClock),
    users: new DynamoUserRepository(table),
    groups: new DynamoGroupRepository(table),
    memberships: new DynamoMembershipRepository(table),
    scimCredentials: new DynamoScimCredentialRepository(table),
    logonSettings: new DynamoLogonSettingsRepository(table),
    sessions: new DynamoSessionRepository(table, options.clock ?? systemClock),
    passwords: new DynamoPasswordRepository(table),
    passwordLogonLookup: new DynamoPasswordLogonLookup(table),
    mfaDevices: new DynamoMfaDeviceRepository(table),
    hasher: options.hasher ?? lazyPasswordHasher(),
    totp: new OtplibTotpService(),
    samlIdps: new DynamoSamlIdpRepository(table),
    samlRequests: new DynamoSamlRequestStore(table, options.clock ?? systemClock),
    samlReplay: new DynamoSamlReplayGuard(table, options.clock ?? systemClock),
    samlSp: lazySamlServiceProvider(async (directoryId) => {
      const key = await cloudSide.idpSigningKeys.activeSigningKey(directoryId, (options.clock ?? systemClock).now());
      return { privateKey: key.privateKeyPem, certificate: toPem(key.certificate) };
    }),
    ...cloudSide,
    accessConfigurations: new DynamoAccessConfigurationRepository(table),
    accessAssignments: new DynamoAccessAssignmentRepository(table),
    provisionings: new DynamoProvisioningRepository(table),
    accessSettings: new DynamoAccessSettingsRepository(table),
    instances: new DynamoInstanceRepository(table),
    instanceAdministrators: new DynamoInstanceAdministratorRepository(table),
    applications: new DynamoApplicationRepository(table),
    customers: new DynamoCustomerRepository(table),
    instanceSigningKeys,
    ...ciamAdapters(table, instanceSigningKeys, options),
    ...meteringAdapters(table),
    ...billingAdapters(table, options),
    taskQueue: options.taskQueue ?? lazySqsQueue(),
    taskRetryDelay: options.taskRetryDelay ?? lazySqsRetryDelay(),
    ids: auditedIds(options.ids ?? randomIds),
    secrets: secrets,
    sealer: lazySealer(options),
    signatureNonces: new DynamoSignatureNonces(table, options.clock ?? systemClock),
    clock: options.clock ?? systemClock,
    logger: options.logger ?? rootLogger,
    metrics: options.metrics ?? rootMetrics,
    operatorTokenHash: hashOrUndefined(options.operatorToken ?? process.env.ATRIUM_OPERATOR_TOKEN),
  };
  const idpCertificates = async (directoryId: DirectoryId) =>
    publishedKeys((await ports.idpSigningKeys.ensureActive(directoryId, ports.clock.now())).keys).map((k) => k.certificate);
  const withAccess = { ...ports, idpCertificates, cloud: options.wrapCloud ? options.wrapCloud(ports.cloud) : ports.cloud };
  const userDependencies: UserDependencies = {
    // What still refers to a user and so blocks its deletion from the management API.
    blockersOf: async (directoryId, userId) => {
      const [devices, assignments] = await Promise.all([
        ports.mfaDevices.list(directoryId, userId),
        allPages((page) => ports.accessAssignments.listByPrincipal(directoryId, { type: 'User', id: userId }, page)),
      ]);
      return [
        ...(devices.length > 0 ? [`${devices.length} MFA devices`] : []),
        ...(assignments.length > 0 ? [`${assignments.length} access assignments`] : []),
      ];
    },
    release: async (directoryId, userId) => {
      const devices = await ports.mfaDevices.list(directoryId, userId);
      await Promise.all([
        ports.passwords.delete(directoryId, userId),
        ...devices.map((d) => ports.mfaDevices.delete(directoryId, userId, d.deviceId)),
        ports.sessions.deleteAllForUser(directoryId, userId),
        removeAssignmentsOf(full, directoryId, { type: 'User', id: userId }),
      ]);
    },
  };
  const groupDependencies: GroupDependencies = {
    blockersOf: async (directoryId, groupId) => {
      const assignments = await allPages((page) => ports.accessAssignments.listByPrincipal(directoryId, { type: 'Group', id: groupId }, page));
      return assignments.length > 0 ? [`${assignments.length} access assignments`] : [];
    },
    release: async (directoryId, groupId) => void (await removeAssignmentsOf(full, directoryId, { type: 'Group', id: groupId })),
  };
  const auditSettings = new DynamoAuditSettingsRepository(table, ports.clock);
  const auditTrail = new DynamoAuditTrail(table, ports.clock, auditSettings);
  const full: Container = {
    ...withAccess,
    auditRecorder: auditTrail,
    consoleSessions: new DynamoConsoleSessionRepository(table, ports.clock),
    auditTrail,
    auditSettings,
    userDependencies,
    groupDependencies,
    rateLimiter: new DynamoRateLimiter(table, ports.clock),
    requestLimits: checkedRequestLimits(options.requestLimits),
    taskHandlers: {
      RemoveResourceAccount: (work) => removeResourceAccount(ports, work),
      PurgeGroupMemberships: (work) => purgeGroupMemberships(full, work),
      CreateAccessAssignment: (work) => runAccessWork(full, work),
      DeleteAccessAssignment: (work) => runAccessWork(full, work),
      ProvisionAccessConfiguration: (work) => runAccessWork(full, work),
      DeprovisionAccessConfiguration: (work) => runAccessWork(full, work),
      ReprovisionAccessConfiguration: (work) => runAccessWork(full, work),
      ReconcileAccountAccess: (work) => reconcileAccountAccess(full, work),
      UpdateSamlProviders: (work) => updateSamlProviders(full, work),
      InstancePurchased: (work) =>
        initializeInstance({ ...ports, ensureSigningKeys: async (id) => void (await ports.instanceSigningKeys.ensureActive(id, ports.clock.now())) }, work),
    },
  };
  return full;
};

/** The CIAM instances' hosted-logon state: sessions, codes, tokens, SMS, CAPTCHAs, metering events. */
const ciamAdapters = (table: Table, instanceKeys: DynamoIdpSigningKeyRepository<InstanceId>, options: ContainerOptions) => {
  const clock = options.clock ?? systemClock;
  // In Lambda codes go to the configured gateway (a missing one fails the send, clearly); locally, to the outbox.
  const inLambda = process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  const smsOutbox = options.sms || inLambda || process.env.ATRIUM_SMS_URL ? undefined : new OutboxSmsSender(clock);
  const sms = options.sms ?? smsOutbox ?? lazyHttpSms();
  return {
    customerSessions: new DynamoCustomerSessionRepository(table, clock),
    pendingAuthorizations: new DynamoPendingAuthorizationStore(table, clock),
    authorizationCodes: new DynamoAuthorizationCodeStore(table),
    tokenRequestReads: new DynamoTokenRequestReads(table),
    refreshTokens: new DynamoRefreshTokenStore(table),
    oidcTokens: lazyOidcTokenSigner(instanceKeys, clock),
    samlResponses: lazyCiamSamlResponseSigner(instanceKeys),
    oneTimeCodes: new DynamoOneTimeCodeStore(table),
    codeGenerator: cryptoCodeGenerator,
    codeHasher: lazyCodeHasher(options),
    sms,
    smsOutbox,
    failedLogons: new DynamoFailedLogonCounter(table),
    captchaChallenges: new DynamoCaptchaChallenges(table),
    captchaGenerator: options.captchaGenerator ?? new SvgCaptchaGenerator(),
    logonEvents: options.logonEvents ?? lazySqsLogonEvents(),
  };
};

/** Metering's ledger is both ports: the consumer writes marks, the usage API and billing read counts. */
const meteringAdapters = (table: Table) => {
  const ledger = new DynamoActivityLedger(table);
  return { activityLedger: ledger, usage: ledger, usageThresholds: new DynamoUsageThresholdRepository(table) };
};

const billingAdapters = (table: Table, options: ContainerOptions) => ({
  billableInstances: new DynamoBillableInstances(table),
  bills: new DynamoBillRepository(table),
  mauSnapshots: new DynamoMauSnapshotRepository(table),
  usageAlerts: new DynamoUsageAlertLog(table),
  usageAlertPublisher: options.usageAlertPublisher ?? lazySnsUsageAlerts(),
});

/** The SNS client is loaded on the first alert: only the hourly job ever publishes one. */
const lazySnsUsageAlerts = (): UsageAlertPublisher => {
  let publisher: Promise<UsageAlertPublisher> | undefined;
  return {
    publish: async (alert) => {
      publisher ??= (async () => {
        const [{ SNSClient }, { SnsUsageAlertPublisher }] = await Promise.all([import('@aws-sdk/client-sns'), import('../adapters/notify/sns-usage-alert-publisher')]);
        return new SnsUsageAlertPublisher(new SNSClient({}), required('USAGE_ALERTS_TOPIC_ARN'));
      })();
      await (await publisher).publish(alert);
    },
  };
};

/**
 * Every Lambda instance must hash codes under the same key, or a code sent by one could not be checked
 * by another: in Lambda the key is required; a local process may make its own.
 */
const lazyCodeHasher = (options: ContainerOptions): CodeHasher => {
  let hasher: HmacCodeHasher | undefined;
  return {
    hash: (code, context) => {
      if (!hasher) {
        const key = options.codeHashKey ?? process.env.ATRIUM_CODE_HASH_KEY;
        if (!key && process.env.AWS_LAMBDA_FUNCTION_NAME) throw new Error('environment variable ATRIUM_CODE_HASH_KEY is not set');
        hasher = new HmacCodeHasher(key || randomBytes(32).toString('base64url'));
      }
      return hasher.hash(code, context);
    },
  };
};

/**
 * Every Lambda instance must open what any other sealed, and keys outlive processes: in Lambda the key
 * is required (read at first use, so functions that never touch AccessKeys start without it); a local
 * process may make its own (`npm start` keeps one in its data dir).
 */
const lazySealer = (options: ContainerOptions): SecretSealer => {
  let sealer: AesGcmSecretSealer | undefined;
  const get = () => {
    if (!sealer) {
      const key = options.sealingKey ?? process.env.ATRIUM_SEALING_KEY;
      if (!key && process.env.AWS_LAMBDA_FUNCTION_NAME) throw new Error('environment variable ATRIUM_SEALING_KEY is not set');
      sealer = new AesGcmSecretSealer(key || newSealingKey());
    }
    return sealer;
  };
  return { seal: (secret, context) => get().seal(secret, context), open: (sealed, context) => get().open(sealed, context) };
};

/** The SMS gateway named by ATRIUM_SMS_URL, read at the first send so other functions start without it. */
const lazyHttpSms = (): SmsSender => {
  let sender: HttpSmsSender | undefined;
  return { send: async (message) => (sender ??= new HttpSmsSender({ url: required('ATRIUM_SMS_URL'), token: required('ATRIUM_SMS_TOKEN') })).send(message) };
};

const hashOrUndefined = (token: string | undefined) => (token ? secrets.hash(token) : undefined);

/** Atrium's IdP keys and signer, and the sandbox cloud behind the cloud ports (one object, two views). */
const cloudAdapters = (table: Table, clock: Clock) => {
  const idpSigningKeys = new DynamoIdpSigningKeyRepository(table);
  const sandboxCloud = new SandboxCloud(table, clock);
  return { idpSigningKeys, signInSigner: lazyIdpResponseSigner(idpSigningKeys), sandboxCloud, cloud: sandboxCloud };
};

/**
 * The SQS client is loaded on first send: most requests never publish, and loading it costs about
 * 40 ms of cold start (measured by `npm run bench`).
 */
const lazySqs = <T>(make: (sqs: import('@aws-sdk/client-sqs').SQSClient, queueUrl: string) => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= (async () => {
      const { SQSClient } = await import('@aws-sdk/client-sqs');
      return make(new SQSClient({}), required('TASKS_QUEUE_URL'));
    })());
};

const lazySqsLogonEvents = (): LogonEventPublisher => {
  let publisher: Promise<LogonEventPublisher> | undefined;
  return {
    publish: async (event) => {
      publisher ??= (async () => {
        const [{ SQSClient }, { SqsLogonEventPublisher }] = await Promise.all([import('@aws-sdk/client-sqs'), import('../adapters/queue/sqs-logon-event-publisher')]);
        return new SqsLogonEventPublisher(new SQSClient({}), required('METERING_QUEUE_URL'));
      })();
      await (await publisher).publish(event);
    },
  };
};

const lazySqsQueue = (): TaskQueue => {
  const queue = lazySqs(async (sqs, url) => new (await import('../adapters/queue/sqs-task-queue')).SqsTaskQueue(sqs, url));
  return { enqueue: async (refs) => (await queue()).enqueue(refs) };
};

const lazySqsRetryDelay = (): TaskRetryDelay => {
  const delay = lazySqs(async (sqs, url) => new (await import('../adapters/queue/sqs-retry-delay')).SqsRetryDelay(sqs, url));
  return { delay: async (handle, seconds) => (await delay()).delay(handle, seconds) };
};

let configured: ContainerOptions = {};
let current: Container | undefined;

/** The local stack calls this before serving, to swap SQS for in-process queues and so on. */
export const configure = (options: ContainerOptions): void => {
  configured = options;
  current = undefined;
};

/** The process-wide container, built on first use. */
export const container = (): Container => (current ??= createContainer(configured));
