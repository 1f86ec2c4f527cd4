import type { SignInResponseSigner } from '../../domain/access/cloud';
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
