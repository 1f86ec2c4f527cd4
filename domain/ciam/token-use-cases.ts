import type { LogonSucceeded } from '../../events/logon-succeeded';
import { logonSucceeded } from '../../events/logon-succeeded';
import type { SecretService } from '../shared/secrets';
import type { Clock } from '../shared/clock';
import type { ApplicationId, CustomerId, InstanceId } from '../shared/ids';
import { err, ok, type Result } from '../shared/result';
import type { ApplicationRepository } from './application-ports';
import { oidcClientOf, TOKEN_LIFETIMES } from './application';
import { activeOidcApplicationOf } from './authorize-use-cases';
import type { Customer } from './customer';
import { customerProfile, isActiveCustomer } from './customer-claims';
import type { CustomerRepository } from './customer-ports';
import type { LogonEventPublisher, TokenRequestReads } from './hosted-ports';
import type { InstanceRepository } from './ports';
import { redeemAuthorizationCode, type AuthorizationCodeRecord } from './oidc/authorization-code';
import type { OidcClient } from './oidc/client';
import { authenticateClient, parseClientCredentials } from './oidc/client-authentication';
import { oauthError, type OAuthError, type OAuthErrorCode } from './oidc/errors';
import type { Grant, GrantRevocation } from './oidc/grant';
import { idTokenClaims } from './oidc/id-token-claims';
import { readParam, type RequestParams } from './oidc/params';
import type { AuthorizationCodeStore, RefreshTokenStore } from './oidc/ports';
import { issuesRefreshToken, rotateRefreshToken, startRefreshFamily } from './oidc/refresh-token';
import { formatScope, hasScope } from './oidc/scope';
import type { Sha256 } from './oidc/sha256';
import type { OidcTokenSigner } from './oidc/token-signer-port';
import { validateTokenRequest, type AuthorizationCodeTokenRequest, type RefreshTokenRequest } from './oidc/token-request';

export type TokenPorts = {
  readonly instances: InstanceRepository;
  readonly applications: ApplicationRepository;
  readonly customers: CustomerRepository;
  readonly authorizationCodes: AuthorizationCodeStore;
  readonly tokenRequestReads: TokenRequestReads;
  readonly refreshTokens: RefreshTokenStore;
  readonly oidcTokens: OidcTokenSigner;
  readonly logonEvents: LogonEventPublisher;
  /** newOpaqueToken for refresh tokens and jti; hash for codes, refresh tokens and client secrets. */
  readonly secrets: SecretService;
  readonly clock: Clock;
  /** For PKCE S256 and at_hash. */
  readonly sha256: Sha256;
  /** For client secrets' hashes (client-authentication.ts `SecretComparison`). */
  readonly constantTimeEqual: (a: string, b: string) => boolean;
};

/** RFC 6749 §5.1 / OIDC Core §3.1.3.3: the successful token response. */
export type TokenResponse = {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  /** RFC 6749 §5.1: always sent, since a refresh may narrow it. */
  readonly scope: string;
  readonly id_token?: string;
  readonly refresh_token?: string;
};

export type TokenExchange = {
  readonly tokens: TokenResponse;
  /** A `logon.succeeded` whose publication failed: the tokens still go out, and the edge logs this. */
  readonly unpublished?: { readonly event: LogonSucceeded; readonly error: unknown };
};

export type TokenFailure = OAuthError<
  'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope'
>;

export type TokenInput = {
  readonly instanceId: InstanceId;
  /** The request's Authorization header, as sent. */
  readonly authorization: string | undefined;
  /** The form body (repeated names as arrays). */
  readonly params: RequestParams;
  /** The instance's issuer (issuer.ts), from the request's public origin. */
  readonly issuer: string;
};

// Application ids are `app_` and 26 characters; anything much longer is no client of ours, and must
// not reach a DynamoDB key (which would refuse it with an error, not a miss).
const MAX_CLIENT_ID = 128;
// Codes are 43-character tokens; a longer one is no code of ours (and is not hashed).
const MAX_CODE = 512;

/**
 * A revoked grant's record must outlive every access token issued under it. An application's lifetime
 * may have been shortened since, so take the longest any application may have.
 */
const ACCESS_TOKEN_MAX_SECONDS = TOKEN_LIFETIMES.accessTokenSeconds[1];

const fail = <C extends OAuthErrorCode>(error: { readonly code: C; readonly message: string }) => err(oauthError(error.code, error.message));

/** RFC 6749 §10.5, RFC 9700 §4.14.2: a replayed code or reused refresh token revokes everything of its grant. */
const revoke = (ports: TokenPorts, revocation: GrantRevocation, now: Date) =>
  ports.refreshTokens.revokeGrant(revocation.instanceId as InstanceId, revocation.grantId, {
    now,
    retainUntil: new Date(now.getTime() + ACCESS_TOKEN_MAX_SECONDS * 1000),
  });

const invalidGrant = (description: string) => err(oauthError('invalid_grant', description));

/** The tokens of one grant: an RFC 9068 access token, the ID token with at_hash, and the refresh token if any. */
const issueTokens = async (
  ports: TokenPorts,
  input: {
    readonly client: OidcClient;
    readonly grant: Grant;
    readonly customer: Customer;
    readonly issuer: string;
    readonly now: Date;
    readonly refreshToken?: string;
  },
): Promise<TokenResponse> => {
  const { client, grant, customer, issuer, now } = input;
  const instanceId = grant.instanceId as InstanceId;
  const iat = Math.floor(now.getTime() / 1000);
  // RFC 9068 §2.2. aud is the client: the one resource these tokens serve is this provider's UserInfo.
  // gid lets UserInfo ask whether the grant was revoked since (RFC 6749 §10.5, ports.ts).
  const accessToken = await ports.oidcTokens.sign(
    instanceId,
    {
      iss: issuer,
      sub: customer.id,
      aud: client.clientId,
      client_id: client.clientId,
      exp: iat + client.accessTokenSeconds,
      iat,
      jti: ports.secrets.newOpaqueToken(),
      scope: formatScope(grant.scope),
      gid: grant.grantId,
    },
    'at+jwt',
  );
  // OIDC Core §12.2: a refresh may return an ID token too, without nonce; only for the openid scope.
  const idToken = hasScope(grant.scope, 'openid')
    ? await ports.oidcTokens.sign(
        instanceId,
        idTokenClaims({
          issuer,
          client,
          profile: customerProfile(customer),
          scope: grant.scope,
          authTime: grant.authTime,
          ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
          accessToken,
          now,
          sha256: ports.sha256,
        }),
        'JWT',
      )
    : undefined;
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: client.accessTokenSeconds,
    scope: formatScope(grant.scope),
    ...(idToken === undefined ? {} : { id_token: idToken }),
    ...(input.refreshToken === undefined ? {} : { refresh_token: input.refreshToken }),
  };
};

/** RFC 6749 §4.1.3: redeem the code once, then issue the grant's first tokens. */
const exchangeCode = async (
  ports: TokenPorts,
  client: OidcClient,
  request: AuthorizationCodeTokenRequest,
  /** The record under the presented code's hash, read with the client (`TokenRequestReads`). */
  record: AuthorizationCodeRecord | undefined,
  issuer: string,
  now: Date,
): Promise<Result<TokenExchange, TokenFailure>> => {
  const instanceId = client.instanceId as InstanceId;
  const redeemed = redeemAuthorizationCode(
    record,
    {
      instanceId,
      clientId: client.clientId,
      redirectUri: request.redirectUri,
      ...(request.codeVerifier === undefined ? {} : { codeVerifier: request.codeVerifier }),
    },
    now,
    ports.sha256,
  );
  if (!redeemed.ok) {
    if (redeemed.error.revoke !== undefined) await revoke(ports, redeemed.error.revoke, now);
    return fail(redeemed.error);
  }
  const { grant, consumed } = redeemed.value;
  // Two redemptions racing: the loser is a replay too (ports.ts), and revokes what the winner got.
  if ((await ports.authorizationCodes.consume(instanceId, consumed)) === 'AlreadyConsumed') {
    await revoke(ports, { instanceId, grantId: grant.grantId, clientId: grant.clientId, reason: 'authorization-code-reuse' }, now);
    return invalidGrant('The authorization code was already used; tokens issued from it are revoked.');
  }
  const customer = await ports.customers.get(instanceId, grant.accountId as CustomerId);
  if (!isActiveCustomer(customer)) return invalidGrant('The account this code was issued for is no longer active.');

  let refreshToken: string | undefined;
  if (issuesRefreshToken(client, grant.scope)) {
    refreshToken = ports.secrets.newOpaqueToken();
    const first = startRefreshFamily({ tokenHash: ports.secrets.hash(refreshToken), grant, client, now });
    // The code was replayed while this redemption was in flight, and the grant revoked: issue nothing.
    if ((await ports.refreshTokens.saveFirst(instanceId, first)) === 'GrantRevoked') {
      return invalidGrant('The authorization code was already used; tokens issued from it are revoked.');
    }
  }
  const tokens = await issueTokens(ports, { client, grant, customer, issuer, now, ...(refreshToken === undefined ? {} : { refreshToken }) });
  return ok({ tokens });
};

/**
 * Publishes the refresh as a logon for metering. Best effort, by decision: the rotation is already
 * committed, so failing the response would leave the client holding a used token whose successor it
 * never received, and its retry would be taken for reuse and revoke the family: an outage of the
 * metering queue would sign every customer out. A lost event costs at most one monthly active user, and
 * only if it was the customer's only logon of the month; the edge logs it so it can be replayed.
 */
const publishLogon = async (ports: TokenPorts, event: LogonSucceeded): Promise<TokenExchange['unpublished']> => {
  try {
    await ports.logonEvents.publish(event);
    return undefined;
  } catch (error) {
    return { event, error };
  }
};

/** RFC 6749 §6 with rotation (RFC 9700 §4.14.2): a new refresh token for the presented one, used once. */
const refresh = async (
  ports: TokenPorts,
  client: OidcClient,
  request: RefreshTokenRequest,
  issuer: string,
  now: Date,
): Promise<Result<TokenExchange, TokenFailure>> => {
  const instanceId = client.instanceId as InstanceId;
  const stored = await ports.refreshTokens.get(instanceId, ports.secrets.hash(request.refreshToken));
  const next = ports.secrets.newOpaqueToken();
  const rotation = rotateRefreshToken(stored, {
    instanceId,
    clientId: client.clientId,
    ...(request.scope === undefined ? {} : { requestedScope: request.scope }),
    newTokenHash: ports.secrets.hash(next),
    now,
  });
  if (!rotation.ok) {
    if (rotation.error.revoke !== undefined) await revoke(ports, rotation.error.revoke, now);
    return fail(rotation.error);
  }
  const { grant, used } = rotation.value;
  // Checked before the rotation is written: a disabled customer's token is refused, not spent.
  const customer = await ports.customers.get(instanceId, grant.accountId as CustomerId);
  if (!isActiveCustomer(customer)) return invalidGrant('The account this token was issued for is no longer active.');

  const rotated = await ports.refreshTokens.rotate(instanceId, { used, next: rotation.value.next });
  if (rotated === 'Reused') {
    await revoke(ports, { instanceId, grantId: grant.grantId, clientId: grant.clientId, reason: 'refresh-token-reuse' }, now);
    return invalidGrant('The refresh token was already used; its whole family is revoked.');
  }
  if (rotated === 'GrantRevoked') return invalidGrant('The refresh token has been revoked.');

  const tokens = await issueTokens(ports, { client, grant, customer, issuer, now, refreshToken: next });
  const unpublished = await publishLogon(
    ports,
    logonSucceeded({ instanceId, applicationId: client.applicationId, customerId: customer.id, method: 'RefreshToken', at: now.toISOString() }),
  );
  return ok({ tokens, ...(unpublished === undefined ? {} : { unpublished }) });
};

/** The presented code's hash, when this is a code grant: read in the same round trip as the client. */
const presentedCodeHash = (ports: TokenPorts, params: RequestParams): string | undefined => {
  const grantType = readParam(params, 'grant_type');
  const code = readParam(params, 'code');
  if (!grantType.ok || grantType.value !== 'authorization_code' || !code.ok || code.value === undefined || code.value.length > MAX_CODE) return undefined;
  return ports.secrets.hash(code.value);
};

/**
 * The token endpoint (RFC 6749 §3.2, OIDC Core §3.1.3): authenticate the client against its
 * application's secrets (a public client by client_id alone), validate the grant, then redeem an
 * authorization code or rotate a refresh token.
 *
 * - An unknown, disabled, other instance's client, a wrong or expired secret: invalid_client.
 * - A replayed code or a reused refresh token: invalid_grant, after revoking the grant, so the refresh
 *   tokens and access tokens it produced stop working (RFC 6749 §10.5, RFC 9700 §4.14.2).
 * - A customer deleted or disabled since the logon: invalid_grant.
 * - A refresh publishes `logon.succeeded` (method RefreshToken) for metering, best effort (see
 *   `publishLogon`).
 */
export const exchangeToken = async (ports: TokenPorts, input: TokenInput): Promise<Result<TokenExchange, TokenFailure>> => {
  const now = ports.clock.now();
  const credentials = parseClientCredentials(input.authorization, input.params);
  if (!credentials.ok) return credentials;
  const clientId = credentials.value.clientId;
  const reads =
    clientId.length > MAX_CLIENT_ID
      ? undefined
      : await ports.tokenRequestReads.read(input.instanceId, clientId as ApplicationId, presentedCodeHash(ports, input.params));
  // The application behind the client_id, if it may take requests now (Running instance, enabled OIDC app).
  const application = reads && activeOidcApplicationOf(reads.instance, reads.application);
  const authenticated = authenticateClient(
    {
      instanceId: input.instanceId,
      credentials: credentials.value,
      client: application === undefined ? undefined : oidcClientOf(application),
      secrets: application?.clientSecrets ?? [],
      now,
    },
    { hash: ports.secrets.hash, constantTimeEqual: ports.constantTimeEqual },
  );
  if (!authenticated.ok) return authenticated;
  const client = authenticated.value;
  const request = validateTokenRequest(input.params, client);
  if (!request.ok) return request;
  return request.value.grantType === 'authorization_code'
    ? exchangeCode(ports, client, request.value, reads?.code, input.issuer, now)
    : refresh(ports, client, request.value, input.issuer, now);
};
