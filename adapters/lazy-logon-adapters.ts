import type { PasswordHasher } from '../domain/logon/ports';
import type { SpSigningKey } from './saml/samlify-sp';
import type { DirectoryId } from '../domain/shared/ids';
import type { SamlServiceProvider } from '../domain/logon/saml-sp-port';

/**
 * The SAML validator (samlify with libxml2 compiled to JavaScript, several megabytes) and argon2id
 * (WebAssembly) are loaded on first use: only the portal ever needs them, and the build puts them in
 * chunks of their own, so the other functions neither bundle nor parse them at cold start.
 */
/**
 * `signingKey` is the directory's signing key (the one Atrium also signs member-account sign-ins
 * with), read only for IdPs that want signed AuthnRequests.
 */
export const lazySamlServiceProvider = (signingKey: (directoryId: DirectoryId) => Promise<SpSigningKey>): SamlServiceProvider => {
  const load = () => import('./saml/samlify-sp');
  return {
    createAuthnRequest: async (idp, sp, relayState) =>
      (await load()).createAuthnRequest(idp, idp.wantRequestSigned ? { ...sp, signing: await signingKey(idp.directoryId) } : sp, relayState),
    peekInResponseTo: async (samlResponse) => (await load()).peekInResponseTo(samlResponse),
    validateResponse: async (input, guard) => (await load()).validateResponse(input, guard),
  };
};

export const lazyPasswordHasher = (): PasswordHasher => {
  let loaded: PasswordHasher | undefined;
  const load = async () => (loaded ??= new (await import('./crypto/argon2-hasher')).Argon2idHasher());
  return {
    hash: async (password) => (await load()).hash(password),
    verify: async (hash, password) => (await load()).verify(hash, password),
    // Only asked after a verify, which has loaded the hasher; before that, "no" is the safe answer.
    needsRehash: (hash) => loaded?.needsRehash(hash) ?? false,
  };
};
