import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createAdministrator } from '../../domain/iam/administrator-use-cases';
import { createApiKey } from '../../domain/iam/api-key-use-cases';
import { openAccount } from '../../domain/iam/open-account';
import type { Principal } from '../../domain/iam/principal';
import { byPrincipal } from '../../domain/directory/actor';
import { createDirectory, setScimSynchronization } from '../../domain/directory/directory-use-cases';
import { addMembers, createGroup } from '../../domain/directory/group-use-cases';
import { createScimCredential } from '../../domain/directory/scim-credential-use-cases';
import { createUser } from '../../domain/directory/user-use-cases';
import { resetUserPassword } from '../../domain/logon/portal-logon';
import { createFolder, createMemberAccount, enableResourceDirectory } from '../../domain/org/resource-directory-use-cases';
import type { AccountId, ApiKeyId, DirectoryId, FolderId, UserId } from '../../domain/shared/ids';
import { setSamlIdp } from '../../domain/logon/saml-logon';
import { setLogonMethod } from '../../domain/logon/logon-settings-use-cases';
import { changePermissionPolicies, createAccessConfiguration } from '../../domain/access/access-configuration-use-cases';
import { createAccessAssignment } from '../../domain/access/access-assignment-use-cases';
import { SANDBOX_CONSOLE_PATH } from '../../adapters/sandbox-cloud/endpoints';
import type { Result } from '../../domain/shared/result';
import type { Container } from '../../functions/wire';
import { purchaseInstance } from '../../domain/ciam/instance-use-cases';
import { createApplication, setLogonMethods } from '../../domain/ciam/application-use-cases';
import { createCustomer } from '../../domain/ciam/customer-use-cases';
import { oidcIssuer } from '../../domain/ciam/oidc/issuer';
import { SAMPLE_RP_CALLBACK, SAMPLE_RP_PATH } from './sample-rp-paths';

/** The demo organisation's contract (../shared/DESIGN.md): fields are added over time, never renamed. */
export type Demo = {
  baseUrl: string;
  adminKey: string;
  /** The management console's sign-in page: sign in with `adminKey` (or an administrator's key). */
  consoleUrl: string;
  /**
   * Alibaba Cloud's RPC API (CloudSSO 2021-05-15): point the aliyun CLI or an SDK at `endpoint` with
   * this AccessKey pair (the management account's key: its id and its secret).
   */
  alibabaApi: { endpoint: string; accessKeyId: string; accessKeySecret: string };
  operatorToken: string;
  resourceDirectory: { id: string; managementAccountId: string; memberAccountIds: string[]; folderIds: string[] };
  administrators: { name: string; policies: string[]; apiKey: string }[];
  cloudsso: {
    directoryId: string;
    portalUrl: string;
    /** Logs on to the portal with a password (no MFA). */
    user: { userName: string; password: string };
    /**
     * Atrium's SP metadata for the demo directory (to register it with an IdP), and Atrium's own IdP
     * metadata (what a cloud's SAML provider trusts for sign-ins into member accounts).
     */
    saml: { spMetadataUrl: string; idpMetadataUrl: string };
    /** Access configurations and what the demo user may open from the portal (in the sandbox cloud). */
    access: {
      accessConfigurations: { id: string; name: string; sessionDuration: number }[];
      userAccounts: { accountId: string; accessConfiguration: string }[];
      sandboxConsoleUrl: string;
    };
    scim: { baseUrl: string; token: string };
    users: { id: string; userName: string }[];
    groups: { id: string; name: string }[];
    /**
     * A second organisation whose directory logs on by SAML SSO through a local IdP (the `saml-idp`
     * package, started by `npm start` on `idpPort`): its sign-in form asserts `user.userName`.
     */
    sso?: {
      directoryId: string;
      portalUrl: string;
      idpUrl: string;
      idpPort: number;
      sp: { entityId: string; acsUrl: string };
      user: { userName: string };
      accountId: string;
    };
  };
  /**
   * A CIAM instance with one OIDC website application whose redirect URI is the local stack's sample
   * relying party, a customer who logs on with a password or a phone code, and the SMS outbox.
   */
  ciam: {
    instanceId: string;
    application: { id: string; clientId: string; clientSecret: string; redirectUri: string; discoveryUrl: string };
    customer: { username: string; password: string; phone: string };
    smsOutboxUrl: string;
    sampleRpUrl: string;
    /** The instance's monthly active users (management API, with `adminKey`); the demo's logons count. */
    usageUrl: string;
    /** This month's statement so far (management API, with `adminKey`). */
    statementUrl: string;
  };
};

const must = <T>(result: Result<T, { code: string; message: string }>): T => {
  if (!result.ok) throw new Error(`seed failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
};

/**
 * Creates the demo organisation through the same use cases the API calls: an enterprise-verified
 * management account with a resource directory, folders, member accounts, and administrators.
 */
export const seedDemo = async (c: Container, options: { baseUrl: string; operatorToken: string; idpPort?: number }): Promise<Demo> => {
  const opened = must(await openAccount(c, { displayName: 'Demo Corp', enterpriseVerified: true }));
  const root: Principal = { kind: 'account', accountId: opened.account.id, keyId: opened.rootKey.key.id };
  const directory = must(await enableResourceDirectory(c, root));
  const production = must(await createFolder(c, root, { name: 'Production' }));
  const development = must(await createFolder(c, root, { name: 'Development' }));
  const members = [
    must(await createMemberAccount(c, root, { displayName: 'Prod-Shop', folderId: production.id })),
    must(await createMemberAccount(c, root, { displayName: 'Prod-Data', folderId: production.id })),
    must(await createMemberAccount(c, root, { displayName: 'Dev-Sandbox', folderId: development.id })),
  ];
  const administrators = [];
  for (const [name, policies] of [
    ['sso-admin', ['AliyunCloudSSOFullAccess'] as const],
    ['auditor', ['AliyunCloudSSOReadOnlyAccess', 'AliyunResourceDirectoryReadOnlyAccess'] as const],
  ] as const) {
    const admin = must(await createAdministrator(c, root, { name, policies: [...policies] }));
    const key = must(await createApiKey(c, root, { kind: 'administrator', administratorId: admin.id }));
    administrators.push({ name, policies: [...policies], apiKey: key.secret });
  }
  const cloudsso = await seedCloudSso(c, root, options.baseUrl, { dev: members[2]!.id, production: production.id, prodShop: members[0]!.id });
  if (options.idpPort !== undefined) cloudsso.sso = await seedSsoOrganisation(c, options.baseUrl, options.idpPort);
  return {
    baseUrl: options.baseUrl,
    adminKey: opened.rootKey.secret,
    consoleUrl: `${options.baseUrl}/console/sign-in`,
    alibabaApi: { endpoint: options.baseUrl, accessKeyId: opened.rootKey.key.id, accessKeySecret: opened.rootKey.secret },
    operatorToken: options.operatorToken,
    resourceDirectory: {
      id: directory.id,
      managementAccountId: opened.account.id,
      memberAccountIds: members.map((m) => m.id),
      folderIds: [production.id, development.id],
    },
    administrators,
    cloudsso,
    ciam: await seedCiam(c, root, options.baseUrl),
  };
};

/** Phone numbers in the +86 138 0013 8xxx block are the seed's, never a real subscriber's in tests. */
export const DEMO_CUSTOMER = { username: 'demo.customer', password: 'Shop-Demo-Pass-2026', phone: '+8613800138000' } as const;

/**
 * The CIAM demo: an Enterprise instance (initialized by the tasks queue, as in AWS), the "Demo Shop"
 * website with both logon methods and self-registration, and a customer.
 */
const seedCiam = async (c: Container, root: Principal, baseUrl: string): Promise<Demo['ciam']> => {
  const { instance } = must(await purchaseInstance(c, root, { region: 'cn-hangzhou', edition: 'Enterprise', description: 'Demo Shop customers' }));
  // The instance.purchased work runs on the tasks queue; the application needs the instance Running.
  for (let waited = 0; (await c.instances.get(instance.id))?.status !== 'Running'; waited += 50) {
    if (waited > 30_000) throw new Error('seed failed: the demo CIAM instance did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const redirectUri = `${baseUrl}${SAMPLE_RP_CALLBACK}`;
  const created = must(
    await createApplication(c, root, instance.id, {
      name: 'Demo Shop',
      type: 'Website',
      protocol: 'OIDC',
      oidc: { redirectUris: [redirectUri], postLogoutRedirectUris: [`${baseUrl}${SAMPLE_RP_PATH}`], grantTypes: ['authorization_code', 'refresh_token'] },
    }),
  );
  must(await setLogonMethods(c, root, instance.id, created.application.id, { phoneCode: true, password: true, primary: 'Password', selfRegistration: true, smsSecondFactor: false }));
  must(await createCustomer(c, root, instance.id, { ...DEMO_CUSTOMER, displayName: 'Demo Customer', email: 'demo.customer@example.com', mustChangePassword: false }));
  return {
    instanceId: instance.id,
    application: {
      id: created.application.id,
      clientId: created.application.id,
      clientSecret: created.clientSecret!.secret,
      redirectUri,
      discoveryUrl: `${oidcIssuer(baseUrl, instance.id)}/.well-known/openid-configuration`,
    },
    customer: { ...DEMO_CUSTOMER },
    smsOutboxUrl: `${baseUrl}/ciam/_dev/sms-outbox`,
    sampleRpUrl: `${baseUrl}${SAMPLE_RP_PATH}`,
    usageUrl: `${baseUrl}/api/v1/ciam/instances/${instance.id}/usage`,
    statementUrl: `${baseUrl}/api/v1/ciam/statements/${c.clock.now().toISOString().slice(0, 7)}`,
  };
};

/** CloudSSO: the directory, a few users in a group, SCIM synchronization on and a SCIM token. */
const seedCloudSso = async (
  c: Container,
  root: Principal,
  baseUrl: string,
  places: { dev: AccountId; production: FolderId; prodShop: AccountId },
): Promise<Demo['cloudsso']> => {
  const actor = byPrincipal(root);
  const directory = must(await createDirectory(c, root, { name: 'demo-corp', region: 'cn-shanghai' }));
  const users: { id: UserId; userName: string }[] = [];
  for (const [userName, displayName, firstName, lastName] of [
    ['alice@demo-corp.example', 'Alice Liddell', 'Alice', 'Liddell'],
    ['bob@demo-corp.example', 'Bob Builder', 'Bob', 'Builder'],
  ] as const) {
    const user = must(await createUser(c, actor, directory.id, { userName, displayName, firstName, lastName, email: userName, status: 'Enabled' }));
    users.push({ id: user.id, userName: user.userName });
  }
  const group = must(await createGroup(c, actor, directory.id, { name: 'engineering', description: 'Engineers' }));
  must(await addMembers(c, actor, directory.id, group.id, users.map((u) => u.id)));
  const password = 'Demo-Portal-2026!';
  must(await resetUserPassword(c, root, directory.id, users[0]!.id, { password, mustChange: false }));
  // Access: Alice administers the dev sandbox; engineering reads everything in Production. The
  // assignments' tasks provision the roles into the sandbox cloud through the queue.
  const developer = must(
    await createAccessConfiguration(c, actor, directory.id, {
      name: 'Developer',
      description: 'Build and run in development accounts',
      sessionDuration: 3600,
      relayState: `${baseUrl}${SANDBOX_CONSOLE_PATH}?service=ecs`,
    }),
  );
  must(await changePermissionPolicies(c, actor, directory.id, developer.id, { op: 'add', type: 'System', name: 'AliyunECSFullAccess' }));
  must(await changePermissionPolicies(c, actor, directory.id, developer.id, { op: 'add', type: 'System', name: 'AliyunOSSFullAccess' }));
  const readOnly = must(
    await createAccessConfiguration(c, actor, directory.id, { name: 'ReadOnly', description: 'Look, do not touch', sessionDuration: 7200, relayState: undefined }),
  );
  must(await changePermissionPolicies(c, actor, directory.id, readOnly.id, { op: 'add', type: 'System', name: 'ReadOnlyAccess' }));
  const alice = { type: 'User' as const, id: users[0]!.id };
  must(await createAccessAssignment(c, actor, directory.id, { accessConfigurationId: developer.id, target: { type: 'RD-Account', id: places.dev }, principal: alice }));
  must(
    await createAccessAssignment(c, actor, directory.id, {
      accessConfigurationId: readOnly.id,
      target: { type: 'RD-Folder', id: places.production },
      principal: { type: 'Group', id: group.id },
    }),
  );
  must(await setScimSynchronization(c, root, directory.id, true));
  const scim = must(await createScimCredential(c, root, directory.id));
  return {
    directoryId: directory.id,
    portalUrl: `${baseUrl}/portal/${directory.name}/login`,
    user: { userName: users[0]!.userName, password },
    saml: { spMetadataUrl: `${baseUrl}/saml/${directory.id}/metadata`, idpMetadataUrl: `${baseUrl}/saml/${directory.id}/idp/metadata` },
    access: {
      accessConfigurations: [developer, readOnly].map((a) => ({ id: a.id, name: a.name, sessionDuration: a.sessionDuration })),
      userAccounts: [
        { accountId: places.dev, accessConfiguration: developer.name },
        { accountId: places.prodShop, accessConfiguration: readOnly.name },
      ],
      sandboxConsoleUrl: `${baseUrl}${SANDBOX_CONSOLE_PATH}`,
    },
    scim: { baseUrl: `${baseUrl}/scim/v2`, token: scim.secret },
    users,
    groups: [{ id: group.id, name: group.name }],
  };
};

/**
 * The SSO demo: its own management account, resource directory (one member account) and directory
 * `demo-sso`, whose user Sam Jackson is the `saml-idp` package's default user. The IdP itself is
 * configured once it runs (`configureDemoSso`).
 */
const seedSsoOrganisation = async (c: Container, baseUrl: string, idpPort: number): Promise<NonNullable<Demo['cloudsso']['sso']>> => {
  const opened = must(await openAccount(c, { displayName: 'Demo SSO Corp', enterpriseVerified: true }));
  const root: Principal = { kind: 'account', accountId: opened.account.id, keyId: opened.rootKey.key.id };
  const actor = byPrincipal(root);
  must(await enableResourceDirectory(c, root));
  const account = must(await createMemberAccount(c, root, { displayName: 'SSO-Sandbox' }));
  const directory = must(await createDirectory(c, root, { name: 'demo-sso', region: 'cn-shanghai' }));
  const user = must(
    await createUser(c, actor, directory.id, {
      userName: 'saml.jackson@example.com',
      displayName: 'Sam Jackson',
      firstName: 'Sam',
      lastName: 'Jackson',
      email: 'saml.jackson@example.com',
      status: 'Enabled',
    }),
  );
  const developer = must(
    await createAccessConfiguration(c, actor, directory.id, { name: 'Developer', description: 'Build and run', sessionDuration: 3600, relayState: undefined }),
  );
  must(await changePermissionPolicies(c, actor, directory.id, developer.id, { op: 'add', type: 'System', name: 'AliyunECSFullAccess' }));
  must(await createAccessAssignment(c, actor, directory.id, { accessConfigurationId: developer.id, target: { type: 'RD-Account', id: account.id }, principal: { type: 'User', id: user.id } }));
  return {
    directoryId: directory.id,
    portalUrl: `${baseUrl}/portal/${directory.name}/login`,
    idpUrl: `http://127.0.0.1:${idpPort}`,
    idpPort,
    sp: { entityId: `${baseUrl}/saml/${directory.id}/metadata`, acsUrl: `${baseUrl}/saml/${directory.id}/acs` },
    user: { userName: user.userName },
    accountId: account.id,
  };
};

/** Points the SSO demo directory at the running local IdP and turns SSO on. */
export const configureDemoSso = async (c: Container, sso: NonNullable<Demo['cloudsso']['sso']>, metadataXml: string): Promise<void> => {
  const directory = await c.directories.get(sso.directoryId as DirectoryId);
  if (!directory) throw new Error(`seed failed: no directory ${sso.directoryId}`);
  const root: Principal = { kind: 'account', accountId: directory.managementAccountId, keyId: 'seed' as ApiKeyId };
  must(await setSamlIdp(c, root, directory.id, { metadataXml }));
  must(await setLogonMethod(c, root, directory.id, { method: 'SSO' }));
};

export const writeDemo = async (path: string, demo: Demo): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
};
