import { OIDC_GRANT_TYPES, type OidcGrantType } from './client';
import { assertIssuer } from './issuer';
import { PROMPT_VALUES, type Prompt } from './prompt';
import { SUPPORTED_SCOPES, type Scope } from './scope';

/** Where each endpoint lives under the issuer. */
export type EndpointPaths = {
  readonly authorization: string;
  readonly token: string;
  readonly userinfo: string;
  readonly jwks: string;
  readonly endSession: string;
};

export const DEFAULT_ENDPOINT_PATHS: EndpointPaths = {
  authorization: '/authorize',
  token: '/token',
  userinfo: '/userinfo',
  jwks: '/jwks',
  endSession: '/logout',
};

/** OIDC Discovery §4: the document is served at the issuer plus this path. */
export const DISCOVERY_PATH = '/.well-known/openid-configuration';

/** The claims Atrium may put in ID tokens and UserInfo responses. */
export const SUPPORTED_CLAIMS = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'at_hash',
  'preferred_username',
  'name',
  'email',
  'email_verified',
  'phone_number',
  'phone_number_verified',
] as const;

export type DiscoveryDocument = {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly userinfo_endpoint: string;
  readonly jwks_uri: string;
  readonly end_session_endpoint: string;
  readonly scopes_supported: readonly Scope[];
  readonly response_types_supported: readonly ['code'];
  readonly response_modes_supported: readonly ['query'];
  readonly grant_types_supported: readonly OidcGrantType[];
  readonly subject_types_supported: readonly ['public'];
  readonly id_token_signing_alg_values_supported: readonly ['RS256'];
  readonly token_endpoint_auth_methods_supported: readonly ['client_secret_basic', 'client_secret_post', 'none'];
  readonly code_challenge_methods_supported: readonly ['S256'];
  readonly claims_supported: readonly (typeof SUPPORTED_CLAIMS)[number][];
  readonly prompt_values_supported: readonly Prompt[];
  readonly claims_parameter_supported: false;
  readonly request_parameter_supported: false;
  readonly request_uri_parameter_supported: false;
  readonly authorization_response_iss_parameter_supported: true;
};

/**
 * The OpenID provider metadata of one instance (OIDC Discovery §3). The explicit `false` values matter:
 * request_uri_parameter_supported defaults to true when absent (§3), and Atrium supports no request
 * objects. `authorization_response_iss_parameter_supported` (RFC 9207 §3) because every authorization
 * response carries `iss` (see `authorization-response.ts`).
 */
export const discoveryDocument = (issuer: string, paths: EndpointPaths = DEFAULT_ENDPOINT_PATHS): DiscoveryDocument => {
  assertIssuer(issuer);
  return {
    issuer,
    authorization_endpoint: `${issuer}${paths.authorization}`,
    token_endpoint: `${issuer}${paths.token}`,
    userinfo_endpoint: `${issuer}${paths.userinfo}`,
    jwks_uri: `${issuer}${paths.jwks}`,
    end_session_endpoint: `${issuer}${paths.endSession}`,
    scopes_supported: SUPPORTED_SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: OIDC_GRANT_TYPES,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: SUPPORTED_CLAIMS,
    prompt_values_supported: PROMPT_VALUES,
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    authorization_response_iss_parameter_supported: true,
  };
};
