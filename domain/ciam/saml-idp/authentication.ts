import { fail, ok, type Failure, type Result } from '../../shared/result';
import type { SamlAuthnRequest } from './authn-request';

export type SamlAuthenticationDecision = { readonly kind: 'use-session' } | { readonly kind: 'authenticate' };

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/**
 * Whether the instance session may answer the AuthnRequest, or the customer must log on (saml-core
 * §3.4.1): ForceAuthn is satisfied only by an authentication during this request, so never by the
 * session a request arrives with, and after the logon pages by a session whose `authTime` is at or
 * after the time the request was parked (`parkedAt`), so deciding again after the logon does not loop.
 * IsPassive forbids showing the logon pages, so what would need them is NoPassive (saml-core §3.2.2.2),
 * sent to the ACS.
 */
export const decideSamlAuthentication = (
  request: Pick<SamlAuthnRequest, 'forceAuthn' | 'isPassive'>,
  session: { readonly authTime: number } | undefined,
  parkedAt: Date | undefined,
): Result<SamlAuthenticationDecision, Failure<'Saml.NoPassive'>> => {
  const satisfied = session !== undefined && (!request.forceAuthn || (parkedAt !== undefined && session.authTime >= seconds(parkedAt)));
  if (satisfied) return ok({ kind: 'use-session' });
  if (request.isPassive) return fail('Saml.NoPassive', session ? 'The application asked for a fresh sign-in without showing one.' : 'The customer is not signed in.');
  return ok({ kind: 'authenticate' });
};
