import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyId, ScimCredentialId } from '../../domain/shared/ids';
import type { SecretService } from '../../domain/shared/secrets';

/**
 * API keys and SCIM tokens carry 256 random bits, so a plain SHA-256 is a safe storage hash (a slow password
 * hash adds nothing against brute force of such entropy, and would cost every request). The `atr_`
 * prefix lets secret scanners recognise leaked keys.
 */
export const secrets: SecretService = {
  newApiKeySecret: (keyId: ApiKeyId) => `atr_${keyId}_${randomBytes(32).toString('base64url')}`,
  newScimToken: (credentialId: ScimCredentialId) => `scim_${credentialId.replace('scimcred-', '')}_${randomBytes(32).toString('base64url')}`,
  newOpaqueToken: () => randomBytes(32).toString('base64url'),
  hash: (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex'),
};
