import type { CustomerId, InstanceId } from '../shared/ids';
import { err, ok, type Result } from '../shared/result';
import type { ApplicationRepository } from './application-ports';
import { activeOidcApplication } from './authorize-use-cases';
import { customerProfile, isActiveCustomer } from './customer-claims';
import type { CustomerRepository } from './customer-ports';
import type { InstanceRepository } from './ports';
import { bearerError, type BearerError } from './oidc/bearer-token';
import { userInfoClaims, type UserInfoClaims } from './oidc/id-token-claims';
import type { RefreshTokenStore } from './oidc/ports';
import { hasScope, parseScope } from './oidc/scope';
import type { OidcTokenSigner } from './oidc/token-signer-port';

export type UserInfoPorts = {
  readonly instances: InstanceRepository;
  readonly applications: ApplicationRepository;
  readonly customers: CustomerRepository;
  readonly refreshTokens: Pick<RefreshTokenStore, 'isGrantRevoked'>;
  readonly oidcTokens: Pick<OidcTokenSigner, 'verify'>;
};

export type UserInfoInput = {
  readonly instanceId: InstanceId;
  /** The bearer token as read by `readBearerToken`. */
  readonly accessToken: string;
  readonly issuer: string;
};

export type UserInfoFailure = BearerError<'invalid_token' | 'insufficient_scope'>;

const invalidToken = (description: string) => err(bearerError('invalid_token', description));

/** The claims Atrium's access tokens carry (token-use-cases.ts); anything else was not issued here. */
const readClaims = (claims: Readonly<Record<string, unknown>>) => {
  const { sub, client_id: clientId, gid, scope } = claims;
  return typeof sub === 'string' && typeof clientId === 'string' && typeof gid === 'string' && typeof scope === 'string'
    ? { sub, clientId, gid, scope }
    : undefined;
};

/**
 * The UserInfo endpoint (OIDC Core §5.3): the claims of the access token's subject that its scope
 * releases (§5.4). The token must be an `at+jwt` (RFC 9068 §4: an ID token is refused) signed with this
 * instance's keys for this issuer, unexpired; then, because a JWT cannot be recalled:
 *
 * - its grant must not have been revoked (a replayed code or reused refresh token, RFC 6749 §10.5);
 * - its customer must still exist and be enabled, its application still active in a Running instance.
 *
 * Each of those is invalid_token (RFC 6750 §3.1); a token without the openid scope is
 * insufficient_scope (OIDC Core §5.3: UserInfo is an OpenID Connect resource).
 */
export const userInfo = async (ports: UserInfoPorts, input: UserInfoInput): Promise<Result<UserInfoClaims, UserInfoFailure>> => {
  const verified = await ports.oidcTokens.verify(input.instanceId, input.accessToken, { typ: 'at+jwt', issuer: input.issuer });
  if (!verified.ok) return invalidToken('The access token is invalid or has expired.');
  const claims = readClaims(verified.value);
  if (claims === undefined) return invalidToken('The access token is invalid or has expired.');
  const scope = parseScope(claims.scope);
  if (!scope.ok || !hasScope(scope.value.known, 'openid')) {
    return err(bearerError('insufficient_scope', 'The access token was not issued for the openid scope.'));
  }
  const [revoked, customer, application] = await Promise.all([
    ports.refreshTokens.isGrantRevoked(input.instanceId, claims.gid),
    ports.customers.get(input.instanceId, claims.sub as CustomerId),
    activeOidcApplication(ports, input.instanceId, claims.clientId),
  ]);
  if (revoked) return invalidToken('The access token has been revoked.');
  if (!isActiveCustomer(customer)) return invalidToken('The account of this access token is no longer active.');
  if (application === undefined) return invalidToken('The application of this access token is no longer active.');
  return ok(userInfoClaims(customerProfile(customer), scope.value.known));
};
