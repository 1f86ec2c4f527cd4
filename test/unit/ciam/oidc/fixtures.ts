import { createHash, timingSafeEqual } from 'node:crypto';
import type { OidcClient } from '../../../../domain/ciam/oidc/client';
import type { Sha256 } from '../../../../domain/ciam/oidc/sha256';

/** The adapter's SHA-256, as the domain receives it. */
export const sha256: Sha256 = (input) => createHash('sha256').update(input, 'utf8').digest();

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export const constantTimeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export const INSTANCE = 'ci-1';
export const ISSUER = `http://127.0.0.1:3000/ciam/${INSTANCE}/oidc`;
export const NOW = new Date('2026-03-01T10:00:00.000Z');
export const NOW_S = Math.floor(NOW.getTime() / 1000);
export const at = (secondsFromNow: number): Date => new Date(NOW.getTime() + secondsFromNow * 1000);

// RFC 7636 Appendix B.
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

export const confidentialClient: OidcClient = {
  clientId: 'web-app',
  instanceId: INSTANCE,
  applicationId: 'app-1',
  type: 'confidential',
  redirectUris: ['https://app.example.com/callback', 'https://app.example.com/cb?tenant=a'],
  postLogoutRedirectUris: ['https://app.example.com/signed-out'],
  grantTypes: ['authorization_code', 'refresh_token'],
  accessTokenSeconds: 600,
  idTokenSeconds: 300,
  refreshTokenSeconds: 90 * 24 * 3600,
  enabled: true,
};

export const publicClient: OidcClient = {
  ...confidentialClient,
  clientId: 'spa',
  applicationId: 'app-2',
  type: 'public',
  redirectUris: ['http://127.0.0.1:5173/callback', 'com.example.app:/oauth2redirect'],
  grantTypes: ['authorization_code'],
};
