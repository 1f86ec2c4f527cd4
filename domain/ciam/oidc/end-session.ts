import { ok, type Result } from '../../shared/result';
import type { OidcClient } from './client';
import { oauthFail, type OAuthError } from './errors';
import { readParam, type RequestParams } from './params';
import { appendQuery } from './query';
import { isRegisteredUri } from './redirect-uri';

/**
 * An id_token_hint the adapter has verified: signed by this instance's key and issued by this issuer
 * (RP-Initiated Logout §4: "the OP MUST validate that it was the issuer of the ID Token"). Its expiry is
 * not checked: the spec asks the OP to accept expired ID tokens here (§4), since an RP's last ID token has
 * usually expired by the time the user signs out. `'unverifiable'` when the check failed.
 */
export type IdTokenHint = { readonly aud: string; readonly sub: string };

export type EndSessionRequest = {
  readonly instanceId: string;
  /** The relying party that asked, when it identified itself. */
  readonly clientId?: string;
  /** Verified: registered for `clientId`, byte for byte. Absent: show Atrium's own signed-out page. */
  readonly postLogoutRedirectUri?: string;
  /** Returned to the post-logout redirect URI (RP-Initiated Logout §3); dropped without one. */
  readonly state?: string;
  /** The hint's subject: the caller compares it with the session's account before signing that out. */
  readonly hintSubject?: string;
  /**
   * No verified id_token_hint: anyone can link a browser here, so ask the user to confirm before signing
   * out (RP-Initiated Logout §2 "the OP SHOULD ask the End-User whether to log out", §6).
   */
  readonly confirm: boolean;
};

export type EndSessionFailure = OAuthError<'invalid_request' | 'invalid_client'>;

type Params = { idTokenHint?: string; clientId?: string; postLogoutRedirectUri?: string; state?: string };

const readAll = (params: RequestParams): Result<Params, OAuthError<'invalid_request'>> => {
  const out: Record<string, string> = {};
  for (const [name, key] of [
    ['id_token_hint', 'idTokenHint'],
    ['client_id', 'clientId'],
    ['post_logout_redirect_uri', 'postLogoutRedirectUri'],
    ['state', 'state'],
  ] as const) {
    const value = readParam(params, name);
    if (!value.ok) return value;
    if (value.value !== undefined) out[key] = value.value;
  }
  return ok(out);
};

/**
 * Which client the caller must load before `validateEndSessionRequest`: the hint's audience, else the
 * client_id parameter. RP-Initiated Logout §2: when both are present they must name the same client.
 */
export const endSessionClientId = (
  params: RequestParams,
  hint: IdTokenHint | 'unverifiable' | undefined,
): Result<string | undefined, OAuthError<'invalid_request'>> => {
  const read = readAll(params);
  if (!read.ok) return read;
  const aud = hint === undefined || hint === 'unverifiable' ? undefined : hint.aud;
  if (aud !== undefined && read.value.clientId !== undefined && aud !== read.value.clientId) {
    return oauthFail('invalid_request', 'client_id does not match the audience of id_token_hint.');
  }
  return ok(aud ?? read.value.clientId);
};

export type EndSessionInput = {
  /** The instance whose end_session_endpoint received the request. */
  readonly instanceId: string;
  readonly params: RequestParams;
  /** The adapter's verification of the id_token_hint parameter; undefined exactly when none was sent. */
  readonly hint: IdTokenHint | 'unverifiable' | undefined;
  /** The client `endSessionClientId` named, or undefined when it named none or none is registered. */
  readonly client: OidcClient | undefined;
};

/**
 * Validates an RP-initiated logout request (OIDC RP-Initiated Logout 1.0 §2, §3, §4). Every error is
 * shown on a page: §4 "the OP MUST NOT perform post-logout redirection" when the request has errors.
 *
 * - An id_token_hint that does not verify is invalid_request.
 * - post_logout_redirect_uri needs a client (the hint's aud or client_id) and must exactly match one of
 *   that client's registered post-logout URIs (§3, "exactly match"); without a client Atrium cannot
 *   confirm the target is legitimate (§2) and refuses.
 * - An unknown, disabled or other instance's client is invalid_client.
 */
export const validateEndSessionRequest = (input: EndSessionInput): Result<EndSessionRequest, EndSessionFailure> => {
  const { instanceId, hint, client } = input;
  const read = readAll(input.params);
  if (!read.ok) return read;
  const p = read.value;
  if ((p.idTokenHint === undefined) !== (hint === undefined)) {
    throw new Error('validateEndSessionRequest: hint must be given exactly when id_token_hint was sent');
  }
  if (hint === 'unverifiable') return oauthFail('invalid_request', 'id_token_hint is not an ID token issued by this provider.');

  const clientId = endSessionClientId(input.params, hint);
  if (!clientId.ok) return clientId;
  if (clientId.value === undefined) {
    if (p.postLogoutRedirectUri !== undefined) {
      return oauthFail('invalid_request', 'post_logout_redirect_uri requires id_token_hint or client_id.');
    }
    return ok({ instanceId, ...(hint === undefined ? {} : { hintSubject: hint.sub }), confirm: hint === undefined });
  }
  if (client !== undefined && client.clientId !== clientId.value) {
    throw new Error('validateEndSessionRequest was given a client other than endSessionClientId named');
  }
  if (client === undefined || client.instanceId !== instanceId || !client.enabled) {
    return oauthFail('invalid_client', 'The client is unknown or disabled.');
  }
  if (p.postLogoutRedirectUri !== undefined && !isRegisteredUri(client.postLogoutRedirectUris, p.postLogoutRedirectUri)) {
    return oauthFail('invalid_request', 'post_logout_redirect_uri is not registered for this client.');
  }
  return ok({
    instanceId,
    clientId: client.clientId,
    ...(p.postLogoutRedirectUri === undefined ? {} : { postLogoutRedirectUri: p.postLogoutRedirectUri }),
    ...(p.postLogoutRedirectUri === undefined || p.state === undefined ? {} : { state: p.state }),
    ...(hint === undefined ? {} : { hintSubject: hint.sub }),
    confirm: hint === undefined,
  });
};

/** RP-Initiated Logout §3: where to send the browser after signing out, with state; undefined: no redirect. */
export const postLogoutRedirectUrl = (request: EndSessionRequest): string | undefined =>
  request.postLogoutRedirectUri === undefined ? undefined : appendQuery(request.postLogoutRedirectUri, { state: request.state });
