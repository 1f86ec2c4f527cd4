import { byPrincipal, openDirectory, type DirectoryAccessError } from '../directory/actor';
import type { Directory } from '../directory/directory';
import type { Principal } from '../iam/principal';
import type { DirectoryId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { ConcurrentModification } from '../shared/store-outcomes';
import { configureSamlIdp, type InvalidSamlIdpConfig, type SamlIdpConfig, type SamlIdpSettings } from '../saml/idp-config';
import { parseIdpMetadata, settingsFromMetadata } from '../saml/idp-metadata';
import type { SamlFailure } from '../saml/saml-failure';
import type { LogonPorts } from './logon-ports';
import { settingsOf } from './logon-settings-use-cases';
import { signInWithSso, type NetworkDenied, type SignedIn } from './portal-logon';
import type { SpIdentity } from './saml-sp-port';

/** An AuthnRequest must come back within this time. */
const REQUEST_LIFETIME_MS = 10 * 60 * 1000;

export type SsoUnavailable = Failure<'Logon.SsoDisabled' | 'Logon.NoIdp'>;

/** SP-initiated logon: the AuthnRequest, remembered so that its response is accepted once. */
export const startSsoLogon = async (
  ports: LogonPorts,
  directory: Directory,
  sp: SpIdentity,
  relayState?: string,
): Promise<Result<Awaited<ReturnType<LogonPorts['samlSp']['createAuthnRequest']>>, SsoUnavailable>> => {
  const settings = await settingsOf(ports, directory.id);
  if (settings.method !== 'SSO') return fail('Logon.SsoDisabled', 'Single sign-on is not turned on for this directory.');
  const idp = await ports.samlIdps.get(directory.id);
  if (!idp) return fail('Logon.NoIdp', 'No identity provider is configured for this directory.');
  const request = await ports.samlSp.createAuthnRequest(idp, sp, relayState);
  await ports.samlRequests.save(request.id, directory.id, new Date(ports.clock.now().getTime() + REQUEST_LIFETIME_MS));
  return ok(request);
};

/**
 * The ACS: a response answering one of our requests must name it (and each request is answered once);
 * an unsolicited (IdP-initiated) response must not claim to answer anything. Then every check of the
 * response, then the NameID must be an enabled user.
 */
export const finishSsoLogon = async (
  ports: LogonPorts,
  input: { readonly directory: Directory; readonly sp: SpIdentity; readonly samlResponse: string; readonly ip: string },
): Promise<Result<SignedIn, SamlFailure | SsoUnavailable | NetworkDenied | Failure<'Logon.UnknownUser'>>> => {
  const idp = await ports.samlIdps.get(input.directory.id);
  if (!idp) return fail('Logon.NoIdp', 'No identity provider is configured for this directory.');
  const inResponseTo = await ports.samlSp.peekInResponseTo(input.samlResponse);
  let expectedRequestId: string | undefined;
  if (inResponseTo !== undefined) {
    const request = await ports.samlRequests.take(inResponseTo);
    if (!request || request.directoryId !== input.directory.id) {
      return fail('Saml.InResponseTo', 'The response answers a request this service did not send, or answered it already.');
    }
    expectedRequestId = inResponseTo;
  }
  const logon = await ports.samlSp.validateResponse(
    { samlResponse: input.samlResponse, idp, sp: input.sp, now: ports.clock.now(), ...(expectedRequestId ? { expectedRequestId } : {}) },
    ports.samlReplay,
  );
  if (!logon.ok) return logon;
  return signInWithSso(ports, { directory: input.directory, nameId: logon.value.nameId, ip: input.ip });
};

export type MetadataInvalid = Failure<'InvalidParameter.Metadata'>;

/** Configures the directory's IdP from its metadata XML or from explicit settings. */
export const setSamlIdp = async (
  ports: LogonPorts,
  principal: Principal,
  directoryId: DirectoryId,
  input: { readonly metadataXml: string } | SamlIdpSettings,
): Promise<Result<SamlIdpConfig, DirectoryAccessError | MetadataInvalid | InvalidSamlIdpConfig | ConcurrentModification>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:SetExternalSAMLIdentityProvider');
  if (!directory.ok) return directory;
  let settings: SamlIdpSettings;
  if ('metadataXml' in input) {
    const metadata = parseIdpMetadata(input.metadataXml);
    if (!metadata.ok) return fail('InvalidParameter.Metadata', `The IdP metadata could not be read: ${metadata.error.message}`);
    settings = settingsFromMetadata(metadata.value);
  } else {
    settings = input;
  }
  const previous = await ports.samlIdps.get(directoryId);
  const config = configureSamlIdp(directoryId, settings, ports.clock.now(), previous);
  if (!config.ok) return config;
  const saved = await ports.samlIdps.put(config.value, previous?.version);
  return saved.ok ? ok(config.value) : saved;
};

export const getSamlIdp = async (
  ports: LogonPorts,
  principal: Principal,
  directoryId: DirectoryId,
): Promise<Result<SamlIdpConfig | undefined, DirectoryAccessError>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:GetExternalSAMLIdentityProvider');
  if (!directory.ok) return directory;
  return ok(await ports.samlIdps.get(directoryId));
};

export type SsoStillOn = Failure<'OperationForbidden.SSOEnabled'>;

/** As CloudSSO's ClearExternalSAMLIdentityProvider: only while SSO is off. */
export const clearSamlIdp = async (
  ports: LogonPorts,
  principal: Principal,
  directoryId: DirectoryId,
): Promise<Result<void, DirectoryAccessError | SsoStillOn>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:ClearExternalSAMLIdentityProvider');
  if (!directory.ok) return directory;
  if ((await settingsOf(ports, directoryId)).method === 'SSO') {
    return fail('OperationForbidden.SSOEnabled', 'Turn SSO off (logon method Password) before clearing the identity provider.');
  }
  await ports.samlIdps.delete(directoryId);
  return ok(undefined);
};
