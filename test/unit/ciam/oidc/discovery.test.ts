import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT_PATHS, discoveryDocument, DISCOVERY_PATH } from '../../../../domain/ciam/oidc/discovery';
import { assertIssuer, oidcIssuer } from '../../../../domain/ciam/oidc/issuer';
import { ISSUER } from './fixtures';

describe('issuer', () => {
  it.each<[string, string, string]>([
    ['http://127.0.0.1:3000', 'ci-1', 'http://127.0.0.1:3000/ciam/ci-1/oidc'],
    ['http://127.0.0.1:3000/', 'ci-1', 'http://127.0.0.1:3000/ciam/ci-1/oidc'],
    ['https://id.example.com/base', 'ci 2', 'https://id.example.com/base/ciam/ci%202/oidc'],
  ])('%s + %s → %s', (base, instance, expected) => {
    expect(oidcIssuer(base, instance)).toBe(expected);
  });

  it.each(['http://127.0.0.1:3000/ciam/ci-1/oidc/', 'http://127.0.0.1:3000/x?y=1', 'http://127.0.0.1:3000/x#f', 'not a url'])(
    'rejects %s as a configuration bug',
    (issuer) => {
      expect(() => assertIssuer(issuer)).toThrow();
    },
  );
});

describe('discovery document (OIDC Discovery §3)', () => {
  it('describes one instance', () => {
    expect(DISCOVERY_PATH).toBe('/.well-known/openid-configuration');
    expect(discoveryDocument(ISSUER)).toEqual({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      userinfo_endpoint: `${ISSUER}/userinfo`,
      jwks_uri: `${ISSUER}/jwks`,
      end_session_endpoint: `${ISSUER}/logout`,
      scopes_supported: ['openid', 'profile', 'email', 'phone', 'offline_access'],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: [
        'sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash',
        'preferred_username', 'name', 'email', 'email_verified', 'phone_number', 'phone_number_verified',
      ],
      prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
      claims_parameter_supported: false,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      authorization_response_iss_parameter_supported: true,
    });
  });

  it('takes other endpoint paths', () => {
    const doc = discoveryDocument(ISSUER, { ...DEFAULT_ENDPOINT_PATHS, endSession: '/end-session' });
    expect(doc.end_session_endpoint).toBe(`${ISSUER}/end-session`);
  });

  it('refuses an issuer with a trailing slash (endpoint URLs and iss must compare as strings)', () => {
    expect(() => discoveryDocument(`${ISSUER}/`)).toThrow();
  });

  it('is plain JSON', () => {
    const doc = discoveryDocument(ISSUER);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
