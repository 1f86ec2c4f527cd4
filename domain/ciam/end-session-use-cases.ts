import type { SecretService } from '../shared/secrets';
import type { InstanceId } from '../shared/ids';
import { err, ok, type Result } from '../shared/result';
import type { ApplicationRepository } from './application-ports';
import { oidcClientOf } from './application';
import { activeOidcApplication } from './authorize-use-cases';
import type { CustomerSession } from './customer-session';
import type { CustomerSessionRepository } from './hosted-ports';
import type { InstanceRepository } from './ports';
import { endSessionClientId, postLogoutRedirectUrl, validateEndSessionRequest, type EndSessionFailure, type IdTokenHint } from './oidc/end-session';
import { readParam, type RequestParams } from './oidc/params';
import type { OidcTokenSigner } from './oidc/token-signer-port';

export type EndSessionPorts = {
  readonly instances: InstanceRepository;
  readonly applications: ApplicationRepository;
  readonly customerSessions: CustomerSessionRepository;
  readonly oidcTokens: Pick<OidcTokenSigner, 'verify'>;
  readonly secrets: Pick<SecretService, 'hash'>;
  readonly constantTimeEqual: (a: string, b: string) => boolean;
};

export type EndSessionInput = {
  readonly instanceId: InstanceId;
  /** The logout request's parameters (query, or form for POST), without Atrium's own `confirm` field. */
  readonly params: RequestParams;
  /** The customer session cookie, if the browser sent one. */
  readonly sessionToken: string | undefined;
  readonly issuer: string;
  /** The session's CSRF token, posted back by Atrium's own confirmation page. */
  readonly confirmation?: string | undefined;
};

export type EndSessionOutcome =
  /**
   * Ask the customer first: the request carried no verified id_token_hint for this session's customer,
   * so any page could have sent the browser here. `form` is what the confirmation page posts back,
   * with `csrfToken` as its `confirm` field.
   */
  | {
      readonly kind: 'confirm';
      readonly csrfToken: string;
      readonly form: Readonly<Record<string, string>>;
      readonly applicationName?: string;
    }
  /** Signed out: go to the relying party's registered post-logout URI (with state), or show Atrium's page. */
  | { readonly kind: 'signed-out'; readonly redirectTo?: string };

// As for client ids in token-use-cases.ts: longer is nobody's, and must not reach a key.
const MAX_CLIENT_ID = 128;
const MAX_SESSION_TOKEN = 128;

/**
 * RP-Initiated Logout §4: the OP must have issued the hint; its expiry does not matter (an RP's last ID
 * token has usually expired by the time the customer signs out).
 */
const verifyHint = async (ports: EndSessionPorts, input: EndSessionInput, hint: string | undefined): Promise<IdTokenHint | 'unverifiable' | undefined> => {
  if (hint === undefined) return undefined;
  const verified = await ports.oidcTokens.verify(input.instanceId, hint, { typ: 'JWT', issuer: input.issuer, allowExpired: true });
  if (!verified.ok) return 'unverifiable';
  const { aud, sub } = verified.value;
  return typeof aud === 'string' && typeof sub === 'string' ? { aud, sub } : 'unverifiable';
};

const sessionOf = async (ports: EndSessionPorts, instanceId: InstanceId, token: string | undefined): Promise<CustomerSession | undefined> =>
  token === undefined || token === '' || token.length > MAX_SESSION_TOKEN ? undefined : ports.customerSessions.get(instanceId, ports.secrets.hash(token));

/**
 * The end_session_endpoint (OIDC RP-Initiated Logout 1.0). Validates the request (end-session.ts: a
 * hint must verify, a post-logout URI must be registered for the client, byte for byte), then ends the
 * customer's session at the instance, which signs the customer out of every application of the
 * instance that relies on it.
 *
 * §2: without a verified id_token_hint, or with one for another customer than the session's, the
 * customer is asked to confirm (`confirm`), and only the session's own CSRF token posted back confirms.
 * Without a session there is nothing to end and nothing to ask. Errors are never redirected (§4): they
 * are shown on a page.
 */
export const endSession = async (ports: EndSessionPorts, input: EndSessionInput): Promise<Result<EndSessionOutcome, EndSessionFailure>> => {
  const hintParam = readParam(input.params, 'id_token_hint');
  if (!hintParam.ok) return hintParam;
  const hint = await verifyHint(ports, input, hintParam.value);
  const clientId = endSessionClientId(input.params, hint);
  if (!clientId.ok) return clientId;
  const application =
    clientId.value === undefined || clientId.value.length > MAX_CLIENT_ID ? undefined : await activeOidcApplication(ports, input.instanceId, clientId.value);
  // A too long client_id is looked up as nobody's; validateEndSessionRequest then refuses it.
  const validated = validateEndSessionRequest({
    instanceId: input.instanceId,
    params: input.params,
    hint,
    client: application === undefined ? undefined : oidcClientOf(application),
  });
  if (!validated.ok) return err(validated.error);
  const request = validated.value;

  const session = await sessionOf(ports, input.instanceId, input.sessionToken);
  if (session !== undefined) {
    const ask = request.confirm || request.hintSubject !== session.customerId;
    const confirmed = input.confirmation !== undefined && ports.constantTimeEqual(input.confirmation, session.csrfToken);
    if (ask && !confirmed) {
      const form: Record<string, string> = {};
      if (request.clientId !== undefined) form.client_id = request.clientId;
      if (request.postLogoutRedirectUri !== undefined) form.post_logout_redirect_uri = request.postLogoutRedirectUri;
      if (request.state !== undefined) form.state = request.state;
      return ok({ kind: 'confirm', csrfToken: session.csrfToken, form, ...(application === undefined ? {} : { applicationName: application.name }) });
    }
    await ports.customerSessions.delete(input.instanceId, session.idHash);
  }
  const redirectTo = postLogoutRedirectUrl(request);
  return ok({ kind: 'signed-out', ...(redirectTo === undefined ? {} : { redirectTo }) });
};
