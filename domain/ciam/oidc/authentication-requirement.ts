import { ok, type Result } from '../../shared/result';
import type { AuthorizationRequest } from './authorization-request';
import { oauthFail, type OAuthError } from './errors';
import { forcesLogin } from './prompt';

/** The end user's browser session at the instance, as the authorization endpoint sees it. */
export type OidcSession = {
  readonly accountId: string;
  /** When the user last actively authenticated, in seconds since the epoch (OIDC Core §2 auth_time). */
  readonly authTime: number;
};

export type AuthenticationDecision =
  /** Issue a code for this session's account. */
  | { readonly kind: 'use-session'; readonly accountId: string; readonly authTime: number }
  /** Show the logon, then decide again with the new session. */
  | { readonly kind: 'authenticate' };

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/**
 * Whether a session may answer the request, or the user must authenticate (OIDC Core §3.1.2.3).
 *
 * - `prompt=login` / `select_account` and `max_age` are satisfied by an authentication that happened
 *   during this request (`authTime` at or after `requestedAt`), so the decision made again after the
 *   logon does not loop. `max_age=0` thereby behaves like prompt=login, as OIDC Core §3.1.2.1 says.
 * - `max_age`: otherwise the session's authentication must be at most that many seconds old.
 * - `prompt=none` (OIDC Core §3.1.2.1, §3.1.2.6): no user interface, so whatever would need one is
 *   `login_required`, sent back to the redirect_uri.
 *
 * `requestedAt` is when the authorization request first arrived; `now` is the current time.
 */
export const decideAuthentication = (
  request: Pick<AuthorizationRequest, 'prompt' | 'maxAge'>,
  session: OidcSession | undefined,
  times: { readonly requestedAt: Date; readonly now: Date },
): Result<AuthenticationDecision, OAuthError<'login_required'>> => {
  const satisfied =
    session !== undefined &&
    // Signed in during this request: satisfies prompt=login and any max_age.
    (session.authTime >= seconds(times.requestedAt) ||
      (!forcesLogin(request.prompt) &&
        (request.maxAge === undefined || seconds(times.now) - session.authTime <= request.maxAge)));
  if (!satisfied) {
    if (!request.prompt.includes('none')) return ok({ kind: 'authenticate' });
    return oauthFail('login_required', session === undefined ? 'The user is not signed in.' : 'The user must authenticate again (max_age).');
  }
  return ok({ kind: 'use-session', accountId: session.accountId, authTime: session.authTime });
};
