import type { InstanceId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { InstanceRepository } from './ports';
import { discoveryDocument, type DiscoveryDocument } from './oidc/discovery';
import type { OidcTokenSigner, PublicJwk } from './oidc/token-signer-port';

export type OidcMetadataPorts = {
  readonly instances: InstanceRepository;
  readonly oidcTokens: Pick<OidcTokenSigner, 'jwks'>;
};

/** An instance that does not exist, or is not (yet, or any more) Running, publishes no provider. */
export type ProviderNotFound = Failure<'NotFound'>;

const running = async (ports: OidcMetadataPorts, instanceId: InstanceId): Promise<Result<void, ProviderNotFound>> => {
  const instance = await ports.instances.get(instanceId);
  return instance?.status === 'Running' ? ok(undefined) : fail('NotFound', 'There is no OpenID provider at this address.');
};

/** OIDC Discovery §4: the instance's provider metadata, at `${issuer}/.well-known/openid-configuration`. */
export const openIdConfiguration = async (
  ports: OidcMetadataPorts,
  input: { readonly instanceId: InstanceId; readonly issuer: string },
): Promise<Result<DiscoveryDocument, ProviderNotFound>> => {
  const found = await running(ports, input.instanceId);
  return found.ok ? ok(discoveryDocument(input.issuer)) : found;
};

/** RFC 7517 §5: the instance's published signing keys, at the discovery document's jwks_uri. */
export const publishedSigningKeys = async (
  ports: OidcMetadataPorts,
  instanceId: InstanceId,
): Promise<Result<{ readonly keys: readonly PublicJwk[] }, ProviderNotFound>> => {
  const found = await running(ports, instanceId);
  return found.ok ? ok(await ports.oidcTokens.jwks(instanceId)) : found;
};
