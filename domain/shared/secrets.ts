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

/**
 * Keeps a secret the service must read back (an AccessKey secret, which signature checks need in
 * plain text) encrypted under a key that is never in the table. `context` binds the sealed text to
 * what it belongs to (the key id): a sealed value moved to another item does not open.
 */
export interface SecretSealer {
  seal(secret: string, context: string): string;
  /** The secret, or undefined when the sealed text was not made here for this context. */
  open(sealed: string, context: string): string | undefined;
}
