import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';
import { errorFields } from '../../../adapters/log/json-logger';
import type { Directory } from '../../../domain/directory/directory';
import { passwordLogonAllowed } from '../../../domain/logon/logon-settings';
import { settingsOf } from '../../../domain/logon/logon-settings-use-cases';
import {
  beginEnrollment,
  changeOwnPassword,
  finishEnrollment,
  resolveSession,
  signInWithPassword,
  signOut,
  verifyMfa,
  type Resolved,
  type SignedIn,
} from '../../../domain/logon/portal-logon';
import { portalHome } from '../../../domain/logon/portal-home';
import type { PortalSession } from '../../../domain/logon/session';
import { withDirectoryNameCache } from '../../../adapters/cache/directory-name-cache';
import type { Container } from '../../wire';
import { clientIp } from '../client-ip';
import { requestLog, type RequestLogVariables } from '../request-log';
import { registerSaml } from './saml';
import { auditPortal } from './audit';
import { auditFailure } from '../audit/audit-middleware';
import { registerIdp } from './idp';
import { registerAccountSignIn } from './account-sign-in';
import { limitPortalClients, limitPortalDirectories } from './rate-limits';
import { ChangePasswordPage, EnrollMfaPage, HomePage, LoginPage, MessagePage, MfaPage } from './pages';

type PortalEnv = { Variables: RequestLogVariables & { directory: Directory; resolved: Resolved } };

const SESSION_COOKIE = 'atrium_session';
const LOGIN_CSRF_COOKIE = 'atrium_login_csrf';
const STAGE_PAGES: Record<PortalSession['stage'], string> = { active: '', 'change-password': '/password', mfa: '/mfa', 'enroll-mfa': '/mfa/enroll' };

const secure = (c: Context) => !/^(127\.|localhost|\[::1\])/.test(c.req.header('host') ?? '');
const sameString = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The CloudSSO user portal: server-rendered pages (hono/jsx) that work without JavaScript. Sessions are
 * server-side; the cookie is opaque, HttpOnly, SameSite=Lax (the IdP's POST to the ACS must come back
 * with it) and Secure outside loopback; every form carries a CSRF token.
 */
export const createPortalApp = (baseDeps: () => Container) => {
  // Every page resolves its directory by name: cache that for two seconds per instance.
  let cached: Container | undefined;
  let from: Container | undefined;
  const deps = () => {
    const current = baseDeps();
    if (cached === undefined || from !== current) [from, cached] = [current, withDirectoryNameCache(current)];
    return cached;
  };
  const app = new Hono<PortalEnv>();
  app.use('*', requestLog<PortalEnv['Variables']>(deps, (v) => (v.resolved ? { directory: v.resolved.user.directoryId, user: v.resolved.user.id } : undefined)));
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Request too large', 413) }));
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    if (!c.res.headers.get('Content-Security-Policy')) {
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }
  });
  app.use('*', limitPortalClients(deps));
  app.onError((error, c) => {
    c.get('logger')?.log('error', 'portal error', errorFields(error));
    return c.html(<MessagePage directoryName={c.req.param('dir') ?? ''} title="Something went wrong" message={`Please try again. Reference: ${c.get('requestId')}`} />, 500);
  });

  // Every portal path names its directory; an unknown one is a plain 404 page.
  app.use('/portal/:dir/*', async (c, next) => {
    const name = c.req.param('dir');
    const directory = /^[a-z0-9-]{2,64}$/.test(name) ? await deps().directories.findByName(name) : undefined;
    if (!directory) return c.html(<MessagePage directoryName={name} title="Not found" message="There is no such user portal." />, 404);
    c.set('directory', directory);
    return next();
  });
  app.use('*', limitPortalDirectories(deps));
  app.use('*', auditPortal(deps));

  const base = (c: Context<PortalEnv>) => `/portal/${c.get('directory').name}`;
  const startSession = (c: Context<PortalEnv>, signed: SignedIn) => {
    setCookie(c, SESSION_COOKIE, signed.token, { path: base(c), httpOnly: true, sameSite: 'Lax', secure: secure(c) });
    return c.redirect(`${base(c)}${STAGE_PAGES[signed.session.stage]}`, 303);
  };

  /** Requires a session at `stage`; elsewhere it sends the user to the step they must finish. */
  const requireSession = (stage: PortalSession['stage'] | 'any') => async (c: Context<PortalEnv>, next: () => Promise<void>) => {
    const resolved = await resolveSession(deps(), c.get('directory').id, getCookie(c, SESSION_COOKIE));
    if (!resolved.ok) {
      deleteCookie(c, SESSION_COOKIE, { path: base(c) });
      return c.redirect(`${base(c)}/login`, 303);
    }
    const current = resolved.value.session.stage;
    const allowed = stage === 'any' || current === stage || (stage === 'enroll-mfa' && current === 'active') || (stage === 'change-password' && current === 'active');
    if (!allowed) return c.redirect(`${base(c)}${STAGE_PAGES[current]}`, 303);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (typeof form.csrf !== 'string' || !sameString(form.csrf, resolved.value.session.csrfToken)) {
        return c.html(<MessagePage directoryName={c.get('directory').name} title="Form expired" message="This form is no longer valid. Go back, reload the page and try again." />, 403);
      }
    }
    c.set('resolved', resolved.value);
    return next();
  };

  app.get('/portal/:dir/login', async (c) => {
    const directory = c.get('directory');
    const settings = await settingsOf(deps(), directory.id);
    let csrf = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!csrf || csrf.length > 128) {
      csrf = deps().secrets.newOpaqueToken();
      setCookie(c, LOGIN_CSRF_COOKIE, csrf, { path: base(c), httpOnly: true, sameSite: 'Strict', secure: secure(c) });
    }
    const sso = settings.method === 'SSO';
    const showPassword = !sso || c.req.query('breakglass') !== undefined;
    return c.html(<LoginPage directoryName={directory.name} directoryId={directory.id} csrf={csrf} sso={sso} showPassword={showPassword} notice={c.req.query('signedout') !== undefined ? 'You have signed out.' : undefined} />);
  });

  app.post('/portal/:dir/login', async (c) => {
    const directory = c.get('directory');
    const form = await c.req.parseBody();
    const cookie = getCookie(c, LOGIN_CSRF_COOKIE);
    const again = async (error: string, status: 400 | 401 | 403) => {
      const settings = await settingsOf(deps(), directory.id);
      return c.html(
        <LoginPage directoryName={directory.name} directoryId={directory.id} csrf={cookie ?? ''} sso={settings.method === 'SSO'} showPassword error={error} userName={typeof form.userName === 'string' ? form.userName.slice(0, 64) : ''} />,
        status,
      );
    };
    if (!cookie || typeof form.csrf !== 'string' || !sameString(form.csrf, cookie)) {
      return c.html(<MessagePage directoryName={directory.name} title="Form expired" message="This sign-in form is no longer valid. Reload the page and try again." />, 403);
    }
    if (typeof form.userName !== 'string' || typeof form.password !== 'string' || !form.userName || !form.password) {
      return again('Enter your user name and password.', 400);
    }
    const signed = await signInWithPassword(deps(), { directory, userName: form.userName.trim(), password: form.password, ip: clientIp(c) });
    if (!signed.ok) {
      c.get('logger').log('warn', 'portal logon failed', { directory: directory.id, reason: signed.error.code, ip: clientIp(c) });
      auditFailure(c, signed.error.code);
      return again(signed.error.message, signed.error.code === 'Logon.NetworkDenied' ? 403 : 401);
    }
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: base(c) });
    return startSession(c, signed.value);
  });

  app.get('/portal/:dir', requireSession('active'), async (c) => {
    const r = c.get('resolved');
    const { user, session } = r;
    const home = await portalHome(deps(), r);
    return c.html(
      <HomePage
        directoryName={c.get('directory').name}
        csrf={session.csrfToken}
        userName={user.userName}
        displayName={user.displayName}
        groups={[...home.groups]}
        accounts={[...home.accounts]}
        credentials={(await settingsOf(deps(), c.get('directory').id)).loginPreference.allowUserToGetCredentials}
        mfaDevices={home.mfaDevices}
        notice={c.req.query('done') === 'password' ? 'Your password has been changed.' : c.req.query('done') === 'mfa' ? 'Two-step verification is on.' : undefined}
      />,
    );
  });

  app.get('/portal/:dir/password', requireSession('change-password'), (c) => {
    const { user, session } = c.get('resolved');
    const reason = session.stage === 'change-password' ? 'Your password must be changed before you continue.' : 'Choose a new password.';
    return c.html(<ChangePasswordPage directoryName={c.get('directory').name} csrf={session.csrfToken} userName={user.userName} reason={reason} />);
  });
  app.post('/portal/:dir/password', requireSession('change-password'), async (c) => {
    const r = c.get('resolved');
    if (!passwordLogonAllowed(r.settings, r.user.id)) {
      return c.html(<MessagePage directoryName={c.get('directory').name} title="Not available" message="Your organisation signs you in with its identity provider; change your password there." />, 403);
    }
    const form = await c.req.parseBody();
    const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    const changed = await changeOwnPassword(deps(), r, { current: text('current'), next: text('next'), confirm: text('confirm') });
    if (!changed.ok) {
      return c.html(<ChangePasswordPage directoryName={c.get('directory').name} csrf={r.session.csrfToken} userName={r.user.userName} reason="Choose a new password." error={changed.error.message} />, 400);
    }
    const next = STAGE_PAGES[changed.value.stage];
    return c.redirect(`${base(c)}${next || '?done=password'}`, 303);
  });

  app.get('/portal/:dir/mfa', requireSession('mfa'), (c) => {
    const { user, session } = c.get('resolved');
    return c.html(<MfaPage directoryName={c.get('directory').name} csrf={session.csrfToken} userName={user.userName} />);
  });
  app.post('/portal/:dir/mfa', requireSession('mfa'), async (c) => {
    const r = c.get('resolved');
    const form = await c.req.parseBody();
    const verified = await verifyMfa(deps(), r, typeof form.code === 'string' ? form.code.trim() : '');
    if (!verified.ok) auditFailure(c, verified.error.code);
    if (!verified.ok) return c.html(<MfaPage directoryName={c.get('directory').name} csrf={r.session.csrfToken} userName={r.user.userName} error={verified.error.message} />, 401);
    return c.redirect(base(c), 303);
  });

  app.get('/portal/:dir/mfa/enroll', requireSession('enroll-mfa'), async (c) => {
    const r = c.get('resolved');
    const { secret, uri } = await beginEnrollment(deps(), r);
    return c.html(<EnrollMfaPage directoryName={c.get('directory').name} csrf={r.session.csrfToken} userName={r.user.userName} secret={secret} uri={uri} required={r.session.stage === 'enroll-mfa'} />);
  });
  app.post('/portal/:dir/mfa/enroll', requireSession('enroll-mfa'), async (c) => {
    const r = c.get('resolved');
    const form = await c.req.parseBody();
    const done = await finishEnrollment(deps(), r, { code: typeof form.code === 'string' ? form.code.trim() : '', name: typeof form.name === 'string' ? form.name : '' });
    if (!done.ok) {
      const { secret, uri } = await beginEnrollment(deps(), r);
      return c.html(<EnrollMfaPage directoryName={c.get('directory').name} csrf={r.session.csrfToken} userName={r.user.userName} secret={secret} uri={uri} required={r.session.stage === 'enroll-mfa'} error={done.error.message} />, 400);
    }
    return c.redirect(`${base(c)}?done=mfa`, 303);
  });

  app.post('/portal/:dir/logout', requireSession('any'), async (c) => {
    await signOut(deps(), getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: base(c) });
    return c.redirect(`${base(c)}/login?signedout`, 303);
  });

  registerSaml(app as never, deps);
  registerIdp(app as never, deps);
  registerAccountSignIn(app, deps, requireSession('active') as never);

  app.notFound((c) => c.html(<MessagePage directoryName="" title="Not found" message="There is no such page." />, 404));
  return app;
};
