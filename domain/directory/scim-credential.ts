import type { DirectoryId, ScimCredentialId } from '../shared/ids';

/** A SCIM bearer token of a directory. Only its hash is stored; the secret is shown once. */
export type ScimCredential = {
  readonly directoryId: DirectoryId;
  readonly id: ScimCredentialId;
  readonly type: 'BearerToken';
  readonly status: 'Enabled' | 'Disabled';
  readonly secretHash: string;
  readonly createdAt: string;
  readonly expiresAt: string;
};

/** CloudSSO issues SCIM credentials for one year by default. */
export const SCIM_CREDENTIAL_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

export const isUsable = (c: ScimCredential, now: Date): boolean =>
  c.status === 'Enabled' && new Date(c.expiresAt).getTime() > now.getTime();
