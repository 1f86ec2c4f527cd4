import type { DirectoryUser } from '../directory/user';
import type { AccessConfigurationId, AccountId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { roleNameOf, samlProviderNameOf } from './access-configuration';
import type { AccessPorts } from './access-ports';
import type { LogonSettingsRepository } from '../logon/portal-ports';
import { defaultLogonSettings } from '../logon/logon-settings';
import type { CloudSignInEndpoint, TemporaryCredentials } from './cloud';
import { holdsAccess } from './entitlements';
import { idpEntityId } from './idp-entity';
import { accountInDirectory } from './resource-tree';
import { roleSessionName, signInAttributes } from './sign-in-attributes';

export type NoAccess = Failure<'Access.Denied'>;
export type NotProvisioned = Failure<'Access.NotProvisioned'>;
export type CredentialsDisabled = Failure<'Access.TemporaryCredentialsDisabled'>;

/** How long the signed response may take to reach the cloud: the browser posts it at once. */
const RESPONSE_LIFETIME_SECONDS = 300;

export type ConsoleSignIn = {
  readonly postUrl: string;
  readonly samlResponse: string;
  readonly relayState: string | undefined;
  readonly roleName: string;
  readonly sessionDuration: number;
};

type Request = { readonly accountId: AccountId; readonly accessConfigurationId: AccessConfigurationId };

/**
 * The checks before any sign-in to an account, all against fresh reads: the user is enabled, the
 * account is in the resource directory, an assignment in force gives the user the configuration on
 * it (directly or through a group), and the configuration is provisioned there.
 */
const entitlement = async (ports: AccessPorts, user: DirectoryUser, request: Request, endpoint: CloudSignInEndpoint) => {
  const d = user.directoryId;
  const [fresh, directory] = await Promise.all([ports.users.get(d, user.id), ports.directories.get(d)]);
  const denied = fail('Access.Denied', 'You do not have this access on this account.');
  if (!fresh || fresh.status !== 'Enabled' || !directory) return denied;
  const account = await accountInDirectory(ports, directory.resourceDirectoryId, request.accountId);
  if (!account) return denied;
  const [configuration, provisioning] = await Promise.all([
    ports.accessConfigurations.get(d, request.accessConfigurationId),
    ports.provisionings.get(d, account.id, request.accessConfigurationId),
  ]);
  if (!configuration || !(await holdsAccess(ports, d, fresh, account, configuration.id))) return denied;
  if (!provisioning || provisioning.state !== 'Provisioned') {
    return fail('Access.NotProvisioned', 'This access is still being set up in the account; try again in a minute.');
  }
  const now = ports.clock.now();
  const roleName = roleNameOf(configuration.name);
  const samlProviderName = samlProviderNameOf(d);
  const samlResponse = await ports.signInSigner.sign({
    directoryId: d,
    issuer: idpEntityId(d),
    destination: endpoint.url,
    audience: endpoint.audience,
    nameId: fresh.userName,
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    attributes: signInAttributes(endpoint.flavour, {
      accountId: account.id,
      roleName,
      samlProviderName,
      userName: fresh.userName,
      sessionDuration: configuration.sessionDuration,
    }),
    now,
    validForSeconds: RESPONSE_LIFETIME_SECONDS,
    sessionNotOnOrAfter: new Date(now.getTime() + configuration.sessionDuration * 1000),
  });
  return ok({ account, configuration, roleName, samlProviderName, samlResponse, sessionName: roleSessionName(fresh.userName) });
};

/** Opens the account's console: a signed SAML Response for the browser to post to the cloud. */
export const signInToConsole = async (
  ports: AccessPorts,
  user: DirectoryUser,
  request: Request,
  endpoint: CloudSignInEndpoint,
): Promise<Result<ConsoleSignIn, NoAccess | NotProvisioned>> => {
  const checked = await entitlement(ports, user, request, endpoint);
  if (!checked.ok) return checked;
  const { configuration, roleName, samlResponse } = checked.value;
  return ok({ postUrl: endpoint.url, samlResponse, relayState: configuration.relayState, roleName, sessionDuration: configuration.sessionDuration });
};

/**
 * Temporary credentials for command-line use, when the directory allows it: the same signed response
 * exchanged with the cloud's STS (AssumeRoleWithSAML), valid for the configuration's session length.
 */
export const takeTemporaryCredentials = async (
  ports: AccessPorts & { readonly logonSettings: LogonSettingsRepository },
  user: DirectoryUser,
  request: Request,
  endpoint: CloudSignInEndpoint,
): Promise<Result<TemporaryCredentials & { readonly roleName: string }, NoAccess | NotProvisioned | CredentialsDisabled>> => {
  // The product's login preference "AllowUserToGetCredentials".
  const settings = (await ports.logonSettings.get(user.directoryId)) ?? defaultLogonSettings(user.directoryId, ports.clock.now());
  if (!settings.loginPreference.allowUserToGetCredentials) {
    return fail('Access.TemporaryCredentialsDisabled', 'This directory does not hand out temporary credentials.');
  }
  const checked = await entitlement(ports, user, request, endpoint);
  if (!checked.ok) return checked;
  const { account, configuration, roleName, samlProviderName, samlResponse } = checked.value;
  const credentials = await ports.cloud.assumeRoleWithSaml({
    accountId: account.id,
    roleName,
    samlProviderName,
    samlResponse,
    durationSeconds: configuration.sessionDuration,
  });
  return ok({ ...credentials, roleName });
};
