import type { Context, Hono, MiddlewareHandler } from 'hono';
import { signInToConsole, takeTemporaryCredentials } from '../../../domain/access/account-sign-in';
import type { Directory } from '../../../domain/directory/directory';
import type { Resolved } from '../../../domain/logon/portal-logon';
import type { AccessConfigurationId, AccountId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import type { RequestLogVariables } from '../request-log';
import { samlPostPage } from '../saml-post-form';
import { cloudSignInEndpoint } from './cloud-endpoint';
import { CredentialsPage, MessagePage } from './pages';

type Env = { Variables: RequestLogVariables & { directory: Directory; resolved: Resolved } };

const ACCOUNT_ID = /^\d{16}$/;
const CONFIGURATION_ID = /^ac-[a-z0-9]{1,40}$/;

/**
 * Opening a member account from the portal: the console (a signed SAML Response the browser posts to
 * the cloud's sign-in endpoint) or temporary credentials for the command line.
 */
export const registerAccountSignIn = (app: Hono<Env>, deps: () => Container, requireActiveSession: MiddlewareHandler<Env>) => {
  const requestOf = async (c: Context<Env>) => {
    const form = await c.req.parseBody();
    const accountId = c.req.param('accountId') ?? '';
    const accessConfigurationId = typeof form.accessConfigurationId === 'string' ? form.accessConfigurationId : '';
    return ACCOUNT_ID.test(accountId) && CONFIGURATION_ID.test(accessConfigurationId)
      ? { accountId: accountId as AccountId, accessConfigurationId: accessConfigurationId as AccessConfigurationId }
      : undefined;
  };
  const refuse = (c: Context<Env>, message: string, status: 403 | 409 | 400) =>
    c.html(<MessagePage directoryName={c.get('directory').name} title="Cannot open this account" message={message} />, status);

  app.post('/portal/:dir/accounts/:accountId/console', requireActiveSession, async (c) => {
    const request = await requestOf(c);
    if (!request) return refuse(c, 'The request does not name an account and an access configuration.', 400);
    const { user } = c.get('resolved');
    const out = await signInToConsole(deps(), user, request, cloudSignInEndpoint(c));
    if (!out.ok) {
      c.get('logger').log('warn', 'account sign-in refused', { directory: user.directoryId, user: user.id, ...request, reason: out.error.code });
      return refuse(c, out.error.message, out.error.code === 'Access.Denied' ? 403 : 409);
    }
    c.get('logger').log('info', 'account sign-in', { directory: user.directoryId, user: user.id, ...request, role: out.value.roleName });
    const form = out.value;
    return samlPostPage(c, { action: form.postUrl, samlResponse: form.samlResponse, relayState: form.relayState, title: 'Signing you in to the account', button: 'Continue to the account' });
  });

  // For the command line: JSON when asked for it, a page otherwise. Same session and CSRF token.
  app.post('/portal/:dir/accounts/:accountId/credentials', requireActiveSession, async (c) => {
    const request = await requestOf(c);
    if (!request) return refuse(c, 'The request does not name an account and an access configuration.', 400);
    const { user } = c.get('resolved');
    const out = await takeTemporaryCredentials(deps(), user, request, cloudSignInEndpoint(c));
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
    if (!out.ok) {
      c.get('logger').log('warn', 'temporary credentials refused', { directory: user.directoryId, user: user.id, ...request, reason: out.error.code });
      const status = out.error.code === 'Access.Denied' || out.error.code === 'Access.TemporaryCredentialsDisabled' ? 403 : 409;
      return wantsJson ? c.json({ code: out.error.code, message: out.error.message }, status) : refuse(c, out.error.message, status);
    }
    c.get('logger').log('info', 'temporary credentials issued', { directory: user.directoryId, user: user.id, ...request, role: out.value.roleName });
    const { accessKeyId, accessKeySecret, securityToken, expiration, roleName } = out.value;
    if (wantsJson) return c.json({ accessKeyId, accessKeySecret, securityToken, expiration, roleName, accountId: request.accountId }, 200);
    return c.html(
      <CredentialsPage
        directoryName={c.get('directory').name}
        userName={user.userName}
        accountId={request.accountId}
        roleName={roleName}
        accessKeyId={accessKeyId}
        accessKeySecret={accessKeySecret}
        securityToken={securityToken}
        expiration={expiration}
      />,
    );
  });
};
