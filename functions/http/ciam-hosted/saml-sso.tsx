import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { readAuthnRequest, type BoundAuthnRequest } from '../../../adapters/saml/authn-request-binding';
import type { SamlPageErrorCode } from '../../../domain/ciam/saml-idp/errors';
import { samlIdpEntityId, samlSsoUrl } from '../../../domain/ciam/saml-idp/entity';
import { samlIdpMetadata } from '../../../domain/ciam/saml-idp/metadata-use-cases';
import { beginSamlSso, continueSamlSso, type SamlSsoOutcome } from '../../../domain/ciam/saml-idp/sso-use-cases';
import type { InstanceId } from '../../../domain/shared/ids';
import type { Failure, Result } from '../../../domain/shared/result';
import type { Container } from '../../wire';
import { publicOrigin } from '../management/origin';
import type { RequestLogVariables } from '../request-log';
import { samlPostPage } from '../saml-post-form';
import { logonPath } from './authorize';
import { HostedErrorPage } from './layout';
import { readSessionCookie } from './session-cookie';

type SamlEnv = { Variables: RequestLogVariables };
type C = Context<SamlEnv>;

/** Where the logon pages send the browser back to for a parked SAML request. */
export const samlContinuePath = (instanceId: string, pendingId: string) => `/ciam/${instanceId}/saml/sso/continue?request=${encodeURIComponent(pendingId)}`;

/** Every page refusal of the SSO endpoint, as the page's HTTP status. */
const STATUS = {
  'Saml.Malformed': 400,
  'Saml.UnknownServiceProvider': 403,
  'Saml.AcsUrlMismatch': 400,
  'Saml.UnsupportedBinding': 400,
  'Saml.Destination': 400,
  'Saml.RequestExpired': 400,
  'Saml.RelayState': 400,
  'Saml.RequestNotFound': 404,
} as const satisfies Record<SamlPageErrorCode, ContentfulStatusCode>;

const idpOf = (c: C, instanceId: string) => ({ issuer: samlIdpEntityId(publicOrigin(c), instanceId), ssoUrl: samlSsoUrl(publicOrigin(c), instanceId) });

/**
 * A CIAM instance as a SAML 2.0 IdP for its SAML applications (SP-initiated Web Browser SSO,
 * saml-profiles §4.1): its metadata, the SSO endpoint (HTTP-Redirect and HTTP-POST bindings) and the
 * endpoint's return from the logon pages. The Response goes to the application's registered ACS by an
 * auto-submitting form (HTTP-POST binding), with the request's RelayState; refusals that cannot be
 * trusted to an ACS are pages of ours.
 */
export const registerSamlSso = (app: Hono<SamlEnv>, deps: () => Container) => {
  const refused = (c: C, error: Failure<SamlPageErrorCode>, instanceId: string) => {
    c.get('logger').log('warn', 'ciam saml sso refused', { instance: instanceId, reason: error.code });
    return c.html(<HostedErrorPage title="Sign-in request not accepted" message={error.message} code={error.code} />, STATUS[error.code]);
  };

  const respond = (c: C, instanceId: string, outcome: Result<SamlSsoOutcome, Failure<SamlPageErrorCode>>) => {
    if (!outcome.ok) return refused(c, outcome.error, instanceId);
    const next = outcome.value;
    if (next.kind === 'logon') return c.redirect(logonPath(instanceId, next.pending.id), 302);
    if (next.kind === 'continue') return c.redirect(samlContinuePath(instanceId, next.pending.id), 303);
    return samlPostPage(c, { action: next.acsUrl, samlResponse: next.samlResponse, relayState: next.relayState, title: 'Signing you in', button: 'Continue' });
  };

  const unreadable = (c: C, instanceId: string, why: string) =>
    refused(c, { code: 'Saml.Malformed', message: `The sign-in request from the application cannot be read: it ${why}.` }, instanceId);

  const sso = async (c: C, bound: BoundAuthnRequest | undefined, relayState: string | undefined) => {
    const instanceId = c.req.param('instanceId') as InstanceId;
    if (!bound) return unreadable(c, instanceId, 'carries no SAMLRequest');
    const received = readAuthnRequest(bound);
    if (!received.ok) return unreadable(c, instanceId, received.error);
    const idp = idpOf(c, instanceId);
    const outcome = await beginSamlSso(deps(), { instanceId, binding: bound.binding, received: received.value, relayState, sessionToken: readSessionCookie(c), idp });
    return respond(c, instanceId, outcome);
  };

  app.get('/ciam/:instanceId/saml/metadata', async (c) => {
    const instanceId = c.req.param('instanceId') as InstanceId;
    const { issuer, ssoUrl } = idpOf(c, instanceId);
    const xml = await samlIdpMetadata(deps(), { instanceId, entityId: issuer, ssoUrl });
    if (!xml.ok) return c.html(<HostedErrorPage title="Not found" message={xml.error.message} />, 404);
    return c.body(xml.value, 200, { 'content-type': 'application/samlmetadata+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
  });

  // saml-bindings §3.4.4: the request in the query string (a Signature, if any, is not required and not read).
  app.get('/ciam/:instanceId/saml/sso', (c) => {
    const samlRequest = c.req.query('SAMLRequest');
    return sso(c, samlRequest === undefined ? undefined : { binding: 'HTTP-Redirect', samlRequest, encoding: c.req.query('SAMLEncoding') }, c.req.query('RelayState'));
  });

  // saml-bindings §3.5.4: the request in a form field.
  app.post('/ciam/:instanceId/saml/sso', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const samlRequest = field('SAMLRequest');
    return sso(c, samlRequest === undefined ? undefined : { binding: 'HTTP-POST', samlRequest }, field('RelayState'));
  });

  app.get('/ciam/:instanceId/saml/sso/continue', async (c) => {
    const instanceId = c.req.param('instanceId') as InstanceId;
    const outcome = await continueSamlSso(deps(), { instanceId, pendingId: c.req.query('request') ?? '', sessionToken: readSessionCookie(c), issuer: idpOf(c, instanceId).issuer });
    return respond(c, instanceId, outcome);
  });
};
