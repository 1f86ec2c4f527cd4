import type { OidcTokenSigner } from '../../domain/ciam/oidc/token-signer-port';
import type { Clock } from '../../domain/shared/clock';
import type { InstanceSigningKeys } from './oidc-token-signer';

/**
 * jose loads on the first token signed or checked: only the hosted OIDC endpoints use it, and no other
 * function should pay for importing it at cold start.
 */
export const lazyOidcTokenSigner = (keys: InstanceSigningKeys, clock: Clock): OidcTokenSigner => {
  let signer: Promise<OidcTokenSigner> | undefined;
  const load = () => (signer ??= import('./oidc-token-signer').then((m) => new m.JoseOidcTokenSigner(keys, clock)));
  return {
    sign: async (...args) => (await load()).sign(...args),
    jwks: async (...args) => (await load()).jwks(...args),
    verify: async (...args) => (await load()).verify(...args),
  };
};
