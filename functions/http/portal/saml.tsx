import { auditFailure } from '../audit/audit-middleware';
import type { Context, Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { randomBytes } from 'node:crypto';
import type { Directory } from '../../../domain/directory/directory';
import { finishSsoLogon, startSsoLogon } from '../../../domain/logon/saml-logon';
import { spMetadata } from '../../../domain/saml/sp-metadata';
import type { DirectoryId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { clientIp } from '../client-ip';
import { publicOrigin } from '../management/origin';
import { MessagePage } from './pages';

/** The SP identity of a directory: keyed by its id, so a rename changes neither. */
export const spAt = (origin: string, directoryId: string) => {
  const root = `${origin}/saml/${directoryId}`;
  return { entityId: `${root}/metadata`, acsUrl: `${root}/acs` };
};

export const spOf = (c: Context, directoryId: string) => spAt(publicOrigin(c), directoryId);

/** The SP metadata document of a directory, as served at its entity id (and in the RPC API's SP info). */
export const spMetadataOf = async (deps: Container, origin: string, directoryId: DirectoryId): Promise<string> => {
  const [idp, certificates] = await Promise.all([deps.samlIdps.get(directoryId), deps.idpCertificates(directoryId)]);
  return spMetadata({ ...spAt(origin, directoryId), signingCertificate: certificates[0]!, authnRequestsSigned: idp?.wantRequestSigned ?? false });
};

/** Only paths inside this directory's portal: an off-site RelayState is an open redirect. */
const safeRelayState = (value: unknown, directory: Directory): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const prefix = `/portal/${directory.name}`;
  return value === prefix || (value.startsWith(`${prefix}/`) && !value.includes('//') && !value.includes('\\')) ? value : undefined;
};

/**
 * SAML endpoints of the portal: SP metadata, SP-initiated logon (AuthnRequest) and the ACS that takes
 * the IdP's POST (SP- and IdP-initiated). Failures show a readable page; the reason goes to the log.
 */
export const registerSaml = (app: Hono<{ Variables: { requestId: string; logger: Container['logger'] } }>, deps: () => Container) => {
  const directoryOf = async (c: Context, id: string) => (/^d-[a-z0-9]{1,32}$/.test(id) ? deps().directories.get(id as DirectoryId) : undefined);
  const notFound = (c: Context) => c.html(<MessagePage directoryName="" title="Not found" message="There is no such directory." />, 404);

  app.get('/saml/:id/metadata', async (c) => {
    const directory = await directoryOf(c, c.req.param('id'));
    if (!directory) return notFound(c);
    const metadata = await spMetadataOf(deps(), publicOrigin(c), directory.id);
    return c.body(metadata, 200, { 'content-type': 'application/samlmetadata+xml; charset=utf-8' });
  });

  app.get('/saml/:id/login', async (c) => {
    const directory = await directoryOf(c, c.req.param('id'));
    if (!directory) return notFound(c);
    const relay = safeRelayState(c.req.query('relay'), directory);
    const request = await startSsoLogon(deps(), directory, spOf(c, directory.id), relay);
    if (!request.ok) return c.html(<MessagePage directoryName={directory.name} title="Single sign-on unavailable" message={request.error.message} />, 409);
    if (request.value.redirectUrl) return c.redirect(request.value.redirectUrl, 302);
    const form = request.value.postForm!;
    // HTTP-POST binding: a form the browser submits by itself (a button when scripts are off).
    const nonce = randomBytes(16).toString('base64');
    c.header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; form-action ${new URL(form.action).origin}; frame-ancestors 'none'`);
    return c.html(
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>Redirecting to your identity provider</title>
        </head>
        <body>
          <form id="saml" method="post" action={form.action}>
            <input type="hidden" name="SAMLRequest" value={form.SAMLRequest} />
            {form.RelayState !== undefined && <input type="hidden" name="RelayState" value={form.RelayState} />}
            <noscript>
              <button type="submit">Continue to your identity provider</button>
            </noscript>
          </form>
          <script nonce={nonce}>{'document.forms[0].submit()'}</script>
        </body>
      </html>,
    );
  });

  app.post('/saml/:id/acs', async (c) => {
    const directory = await directoryOf(c, c.req.param('id'));
    if (!directory) return notFound(c);
    const form = await c.req.parseBody();
    const samlResponse = typeof form.SAMLResponse === 'string' ? form.SAMLResponse : '';
    const signed = await finishSsoLogon(deps(), { directory, sp: spOf(c, directory.id), samlResponse, ip: clientIp(c) });
    if (!signed.ok) {
      c.get('logger').log('warn', 'SAML logon refused', { directory: directory.id, reason: signed.error.code, detail: signed.error.message, ip: clientIp(c) });
      auditFailure(c, signed.error.code, signed.error.message);
      const unknownUser = signed.error.code === 'Logon.UnknownUser';
      return c.html(
        <MessagePage
          directoryName={directory.name}
          title={unknownUser ? 'No access' : 'Sign-in failed'}
          message={unknownUser ? signed.error.message : `Your identity provider's response could not be accepted. Reference: ${c.get('requestId')}`}
        />,
        unknownUser ? 403 : 400,
      );
    }
    const host = c.req.header('host') ?? '';
    setCookie(c, 'atrium_session', signed.value.token, {
      path: `/portal/${directory.name}`,
      httpOnly: true,
      sameSite: 'Lax',
      secure: !/^(127\.|localhost|\[::1\])/.test(host),
    });
    const stage = signed.value.session.stage;
    const next = stage === 'active' ? safeRelayState(form.RelayState, directory) ?? `/portal/${directory.name}` : `/portal/${directory.name}/${stage === 'mfa' ? 'mfa' : stage === 'enroll-mfa' ? 'mfa/enroll' : 'password'}`;
    return c.redirect(next, 303);
  });
};
