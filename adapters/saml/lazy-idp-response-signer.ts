import type { SignInResponseSigner } from '../../domain/access/cloud';
import type { SamlResponseSigner } from '../../domain/ciam/saml-idp/ports';
import type { InstanceId } from '../../domain/shared/ids';
import type { ActiveKeySource } from './idp-response-signer';

/**
 * The signer loads xml-crypto (and its XPath engine) on the first signature: the container is shared by
 * every function, and only the portal's "open account" flow signs.
 */
export const lazyIdpResponseSigner = (keys: ActiveKeySource): SignInResponseSigner => {
  let signer: Promise<SignInResponseSigner> | undefined;
  const load = () => (signer ??= import('./idp-response-signer').then((m) => new m.IdpResponseSigner(keys)));
  return { sign: async (assertion) => (await load()).sign(assertion) };
};

/** The CIAM instances' SAML Responses, signed by the same code, loaded on the first SAML sign-in. */
export const lazyCiamSamlResponseSigner = (keys: ActiveKeySource<InstanceId>): SamlResponseSigner => {
  let signer: Promise<SamlResponseSigner> | undefined;
  const load = () => (signer ??= import('./ciam-response-signer').then((m) => new m.CiamSamlResponseSigner(keys)));
  return {
    signAssertion: async (instanceId, contents) => (await load()).signAssertion(instanceId, contents),
    signStatus: async (instanceId, contents) => (await load()).signStatus(instanceId, contents),
  };
};
