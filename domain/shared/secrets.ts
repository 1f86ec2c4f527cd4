import type { ApiKeyId, ScimCredentialId } from './ids';

/** Makes secrets and hashes them; an adapter, because it needs randomness and a hash function. */
export interface SecretService {
  /** A new high-entropy secret that embeds the key id, e.g. `atr_<keyId>_<random>`. */
  newApiKeySecret(keyId: ApiKeyId): string;
  /** A new SCIM bearer token (256 random bits). */
  newScimToken(credentialId: ScimCredentialId): string;
  /** A portal session cookie value (256 random bits) or another opaque single-use token. */
  newOpaqueToken(): string;
  /** A one-way hash to store and look secrets up by (high entropy makes a fast hash sufficient). */
  hash(secret: string): string;
}
