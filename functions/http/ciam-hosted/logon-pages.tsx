import { auditFailure, auditResources } from '../audit/audit-middleware';
import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { timingSafeEqual } from 'node:crypto';
import {
  logOnWithPassword,
  openLogon,
  openSecondFactor,
  passwordFormCaptcha,
  requireMethod,
  resendSecondFactorCode,
  verifySecondFactor,
  type LogonContext,
} from '../../../domain/ciam/customer-logon';
import { changeTemporaryPassword, openPasswordChange } from '../../../domain/ciam/customer-password-change';
import { resetPasswordWithPhoneCode, sendPasswordResetCode } from '../../../domain/ciam/customer-password-reset';
import { logOnWithPhoneCode, phoneFromForm, registerWithPhoneCode, sendLogonCode, sendRegistrationCode } from '../../../domain/ciam/customer-phone-logon';
import type { PendingProtocol } from '../../../domain/ciam/pending-authorization';
import { maskPhoneNumber } from '../../../domain/ciam/phone-number';
import type { Failure, OutcomeCodesOf } from '../../../domain/shared/result';
import type { Container } from '../../wire';
import { clientIp } from '../client-ip';
import type { RequestLogVariables } from '../request-log';
import { continuePath } from './authorize';
import { samlContinuePath } from './saml-sso';
import { registerDevSmsOutbox } from './dev-sms-outbox';
import { HostedErrorPage } from './layout';
import {
  ChangePasswordPage,
  logonUrls,
  PasswordPage,
  PhoneCodePage,
  PhonePage,
  RegisterPage,
  RegisterPhonePage,
  ResetPage,
  ResetPhonePage,
  SecondFactorPage,
  sentNotice,
  type LogonPageBase,
  type LogonUrls,
} from './pages';
import { instancePath, readSessionCookie, writeSessionCookie } from './session-cookie';

type LogonEnv = { Variables: RequestLogVariables };
type C = Context<LogonEnv>;

const useCases = {
  openLogon,
  logOnWithPassword,
  openSecondFactor,
  verifySecondFactor,
  resendSecondFactorCode,
  openPasswordChange,
  changeTemporaryPassword,
  sendLogonCode,
  logOnWithPhoneCode,
  sendRegistrationCode,
  registerWithPhoneCode,
  sendPasswordResetCode,
  resetPasswordWithPhoneCode,
};
type LogonCode = OutcomeCodesOf<typeof useCases>;

/** Every outcome of the logon use cases, as the page's HTTP status. */
const STATUS = {
  'Logon.RequestNotFound': 404,
  'Logon.ApplicationUnavailable': 403,
  'Logon.MethodDisabled': 403,
  'Session.Missing': 401,
  'Logon.Failed': 401,
  'InvalidParameter.Credentials': 400,
  'Captcha.Required': 401,
  'Captcha.Invalid': 401,
  'InvalidParameter.PhoneNumber': 400,
  'Code.DailyLimit': 429,
  'Code.Invalid': 401,
  'Code.TooManyAttempts': 429,
  'Logon.NoAccount': 403,
  'Registration.Failed': 409,
  'Registration.PhoneTaken': 409,
  'InvalidParameter.Username': 400,
  'InvalidParameter.Password': 400,
  'InvalidParameter.PasswordConfirmation': 400,
  'InvalidParameter.PasswordUnchanged': 400,
  'EntityAlreadyExists.Username': 409,
  'EntityAlreadyExists.PhoneNumber': 409,
  'EntityAlreadyExists.Email': 409,
  ConcurrentModification: 409,
} as const satisfies Record<LogonCode, ContentfulStatusCode>;

/** Where a completed logon goes on to: the endpoint that parked the request answers it. */
const CONTINUE = {
  OIDC: continuePath,
  SAML: samlContinuePath,
} as const satisfies Record<PendingProtocol, (instanceId: string, pendingId: string) => string>;

/** Outcomes that end the page rather than show the form again: a page of their own, with the way on. */
type StopCode = 'Logon.RequestNotFound' | 'Logon.ApplicationUnavailable' | 'Logon.MethodDisabled' | 'Session.Missing';
const STOP_PAGES = {
  'Logon.RequestNotFound': { title: 'This sign-in has expired', action: undefined },
  'Logon.ApplicationUnavailable': { title: 'Application unavailable', action: undefined },
  'Logon.MethodDisabled': { title: 'Not available', action: (u: LogonUrls) => ({ href: u.start(), label: 'Other ways to sign in' }) },
  'Session.Missing': { title: 'Verification expired', action: (u: LogonUrls) => ({ href: u.start('password'), label: 'Sign in again' }) },
} as const satisfies Record<StopCode, { title: string; action: ((u: LogonUrls) => { href: string; label: string }) | undefined }>;

const isStop = (f: Failure): f is Failure<StopCode> => f.code in STOP_PAGES;

// The forms' CSRF token: a double-submit cookie like the portal's sign-in form. No session exists yet
// to hold a token; SameSite=Strict keeps other sites' pages from sending it with a forged post.
const CSRF_COOKIE = 'atrium_ciam_csrf';
const secure = (c: C) => !/^(127\.|localhost|\[::1\])/.test(c.req.header('host') ?? '');
const sameString = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The number a code form carries (hidden, as the server wrote it), shown masked. */
const sentView = (phone: string) => {
  const parsed = phoneFromForm(phone);
  return parsed.ok ? { phone: parsed.value, maskedPhone: maskPhoneNumber(parsed.value) } : { phone: '', maskedPhone: '' };
};

/** One step of a logon page: its request, the page's common view, and (on a post) the form's fields. */
type Step = {
  readonly c: C;
  readonly ctx: LogonContext;
  readonly urls: LogonUrls;
  readonly view: LogonPageBase;
  readonly field: (name: string) => string;
  readonly ip: string;
};

/**
 * The hosted logon pages of a parked OIDC or SAML request (`/ciam/<instanceId>/login…?request=<id>`):
 * password, SMS code, second factor, registration and password reset. Server-rendered, no JavaScript;
 * every form carries a CSRF token; a completed logon sets the session cookie and goes on to the
 * continuation of the endpoint that parked the request, which answers the application.
 */
export const registerLogonPages = (app: Hono<LogonEnv>, deps: () => Container) => {
  // Registered first; `_dev` is no instance id in any case.
  registerDevSmsOutbox(app, deps);

  const stop = (c: C, failure: Failure<StopCode>, ctx?: LogonContext) => {
    auditFailure(c, failure.code);
    const page = STOP_PAGES[failure.code];
    const action = page.action && ctx ? page.action(logonUrls(ctx.instanceId, ctx.pending.id)) : undefined;
    return c.html(
      <HostedErrorPage title={page.title} message={failure.message} action={action} appName={ctx?.application.name} icon={ctx?.application.icon} />,
      STATUS[failure.code],
    );
  };

  const step =
    (handle: (s: Step) => Promise<Response> | Response) =>
    async (c: C): Promise<Response> => {
      const opened = await openLogon(deps(), { instanceId: c.req.param('instanceId') ?? '', pendingId: c.req.query('request') ?? '' });
      if (!opened.ok) return stop(c, opened.error);
      const ctx = opened.value;
      auditResources(c, [{ type: 'Application', id: ctx.application.id }]);
      const urls = logonUrls(ctx.instanceId, ctx.pending.id);
      let csrf = getCookie(c, CSRF_COOKIE);
      let fields: Record<string, unknown> = {};
      if (c.req.method === 'POST') {
        fields = await c.req.parseBody();
        if (!csrf || typeof fields.csrf !== 'string' || !sameString(fields.csrf, csrf)) {
          return c.html(
            <HostedErrorPage
              title="Form expired"
              message="This form is no longer valid: it was open too long, or your browser did not send its cookie. Reload the sign-in page and try again."
              action={{ href: urls.start(), label: 'Back to sign-in' }}
              appName={ctx.application.name}
              icon={ctx.application.icon}
            />,
            403,
          );
        }
      } else if (!csrf || csrf.length > 128) {
        csrf = deps().secrets.newOpaqueToken();
        setCookie(c, CSRF_COOKIE, csrf, { path: instancePath(ctx.instanceId), httpOnly: true, sameSite: 'Strict', secure: secure(c) });
      }
      const { password, phoneCode, selfRegistration } = ctx.application.logonMethods;
      const view: LogonPageBase = { appName: ctx.application.name, icon: ctx.application.icon, urls, csrf, methods: { password, phoneCode, selfRegistration } };
      const field = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
      return handle({ c, ctx, urls, view, field, ip: clientIp(c) });
    };

  /** The logon is complete: the session cookie, then back to the endpoint that parked the request. */
  const done = (s: Step, token: string) => {
    writeSessionCookie(s.c, s.ctx.instanceId, token);
    return s.c.redirect(CONTINUE[s.ctx.pending.protocol](s.ctx.instanceId, s.ctx.pending.id), 303);
  };

  /** A password logon's next page: done, or the pending step its session is now at. */
  const next = (s: Step, outcome: { readonly kind: 'active' | 'second-factor' | 'password-change'; readonly token: string }) => {
    if (outcome.kind === 'active') return done(s, outcome.token);
    writeSessionCookie(s.c, s.ctx.instanceId, outcome.token);
    return s.c.redirect(outcome.kind === 'second-factor' ? s.urls.secondFactor : s.urls.changePassword, 303);
  };

  const failed = (s: Step, failure: Failure<LogonCode>) => {
    auditFailure(s.c, failure.code);
    s.c.get('logger').log('warn', 'ciam logon step failed', { instance: s.ctx.instanceId, application: s.ctx.application.id, reason: failure.code, path: s.c.req.path, ip: s.ip });
    // The SMS caps (Code.DailyLimit) say when to come back: 429 with Retry-After, as every limit answers.
    if ('retryAfterSeconds' in failure && typeof failure.retryAfterSeconds === 'number') s.c.header('Retry-After', String(failure.retryAfterSeconds));
    return STATUS[failure.code];
  };

  const base = '/ciam/:instanceId/login';

  // The primary method first; `method=password|phone` switches.
  app.get(
    base,
    step(async (s) => {
      const method = s.c.req.query('method') ?? (s.ctx.application.logonMethods.primary === 'Password' ? 'password' : 'phone');
      const enabled = requireMethod(s.ctx, method === 'password' ? 'password' : 'phoneCode');
      if (!enabled.ok) return stop(s.c, enabled.error, s.ctx);
      if (method !== 'password') return s.c.html(<PhonePage {...s.view} />);
      const captcha = await passwordFormCaptcha(deps(), s.ctx, { ip: s.ip });
      return s.c.html(<PasswordPage {...s.view} captcha={captcha} />);
    }),
  );

  app.post(
    `${base}/password`,
    step(async (s) => {
      const captchaId = s.field('captchaId');
      const identifier = s.field('identifier');
      const outcome = await logOnWithPassword(deps(), s.ctx, {
        identifier,
        password: s.field('password'),
        ip: s.ip,
        captcha: captchaId ? { id: captchaId, answer: s.field('captcha') } : undefined,
      });
      if (outcome.ok) return next(s, outcome.value);
      const e = outcome.error;
      if (isStop(e)) return stop(s.c, e, s.ctx);
      return s.c.html(<PasswordPage {...s.view} error={e.message} identifier={identifier.slice(0, 254)} captcha={e.captcha} />, failed(s, e));
    }),
  );

  app.post(
    `${base}/phone/send`,
    step(async (s) => {
      const sent = await sendLogonCode(deps(), s.ctx, { phone: s.field('phone'), ip: s.ip });
      if (sent.ok) return s.c.html(<PhoneCodePage {...s.view} sent={sent.value} notice={sentNotice(sent.value)} />);
      if (isStop(sent.error)) return stop(s.c, sent.error, s.ctx);
      return s.c.html(<PhonePage {...s.view} phone={s.field('phone').slice(0, 32)} error={sent.error.message} />, failed(s, sent.error));
    }),
  );

  app.post(
    `${base}/phone`,
    step(async (s) => {
      const outcome = await logOnWithPhoneCode(deps(), s.ctx, { phone: s.field('phone'), code: s.field('code') });
      if (outcome.ok) return done(s, outcome.value.token);
      const e = outcome.error;
      if (isStop(e)) return stop(s.c, e, s.ctx);
      // A wrong code keeps the number on the code form; anything else starts from the number again.
      if (e.code === 'Code.Invalid' || e.code === 'Code.TooManyAttempts') {
        return s.c.html(<PhoneCodePage {...s.view} sent={sentView(s.field('phone'))} error={e.message} />, failed(s, e));
      }
      return s.c.html(<PhonePage {...s.view} phone={s.field('phone').slice(0, 32)} error={e.message} />, failed(s, e));
    }),
  );

  app.get(
    `${base}/second-factor`,
    step(async (s) => {
      const state = await openSecondFactor(deps(), s.ctx, readSessionCookie(s.c));
      if (!state.ok) return stop(s.c, state.error, s.ctx);
      return s.c.html(<SecondFactorPage {...s.view} maskedPhone={state.value.maskedPhone} />);
    }),
  );

  app.post(
    `${base}/second-factor`,
    step(async (s) => {
      const token = readSessionCookie(s.c);
      const outcome = await verifySecondFactor(deps(), s.ctx, { sessionToken: token, code: s.field('code') });
      if (outcome.ok) return next(s, outcome.value);
      const e = outcome.error;
      if (isStop(e)) return stop(s.c, e, s.ctx);
      const state = await openSecondFactor(deps(), s.ctx, token);
      if (!state.ok) return stop(s.c, state.error, s.ctx);
      return s.c.html(<SecondFactorPage {...s.view} maskedPhone={state.value.maskedPhone} error={e.message} />, failed(s, e));
    }),
  );

  app.post(
    `${base}/second-factor/resend`,
    step(async (s) => {
      const token = readSessionCookie(s.c);
      const sent = await resendSecondFactorCode(deps(), s.ctx, { sessionToken: token, ip: s.ip });
      if (sent.ok) return s.c.html(<SecondFactorPage {...s.view} maskedPhone={sent.value.maskedPhone} notice={sentNotice(sent.value)} />);
      const e = sent.error;
      if (isStop(e)) return stop(s.c, e, s.ctx);
      const state = await openSecondFactor(deps(), s.ctx, token);
      if (!state.ok) return stop(s.c, state.error, s.ctx);
      return s.c.html(<SecondFactorPage {...s.view} maskedPhone={state.value.maskedPhone} error={e.message} />, failed(s, e));
    }),
  );

  app.get(
    `${base}/change-password`,
    step(async (s) => {
      const state = await openPasswordChange(deps(), s.ctx, readSessionCookie(s.c));
      if (!state.ok) return stop(s.c, state.error, s.ctx);
      return s.c.html(<ChangePasswordPage {...s.view} username={state.value.username} />);
    }),
  );

  app.post(
    `${base}/change-password`,
    step(async (s) => {
      const token = readSessionCookie(s.c);
      const outcome = await changeTemporaryPassword(deps(), s.ctx, { sessionToken: token, password: s.field('password'), confirm: s.field('confirm') });
      if (outcome.ok) return done(s, outcome.value.token);
      const e = outcome.error;
      if (isStop(e)) return stop(s.c, e, s.ctx);
      const state = await openPasswordChange(deps(), s.ctx, token);
      if (!state.ok) return stop(s.c, state.error, s.ctx);
      return s.c.html(<ChangePasswordPage {...s.view} username={state.value.username} error={e.message} />, failed(s, e));
    }),
  );

  app.get(
    `${base}/register`,
    step((s) => {
      const enabled = requireMethod(s.ctx, 'selfRegistration');
      return enabled.ok ? s.c.html(<RegisterPhonePage {...s.view} />) : stop(s.c, enabled.error, s.ctx);
    }),
  );

  app.post(
    `${base}/register/send`,
    step(async (s) => {
      const sent = await sendRegistrationCode(deps(), s.ctx, { phone: s.field('phone'), ip: s.ip });
      if (sent.ok) return s.c.html(<RegisterPage {...s.view} sent={sent.value} notice={sentNotice(sent.value)} />);
      if (isStop(sent.error)) return stop(s.c, sent.error, s.ctx);
      return s.c.html(<RegisterPhonePage {...s.view} phone={s.field('phone').slice(0, 32)} error={sent.error.message} />, failed(s, sent.error));
    }),
  );

  app.post(
    `${base}/register`,
    step(async (s) => {
      const outcome = await registerWithPhoneCode(deps(), s.ctx, {
        phone: s.field('phone'),
        code: s.field('code'),
        username: s.field('username'),
        password: s.field('password'),
        confirm: s.field('confirm'),
      });
      if (outcome.ok) return done(s, outcome.value.token);
      const e = outcome.error;
      if (isStop(e)) return stop(s.c, e, s.ctx);
      if (e.code === 'InvalidParameter.PhoneNumber') return s.c.html(<RegisterPhonePage {...s.view} error={e.message} />, failed(s, e));
      return s.c.html(<RegisterPage {...s.view} sent={sentView(s.field('phone'))} username={s.field('username').slice(0, 64)} error={e.message} />, failed(s, e));
    }),
  );

  app.get(
    `${base}/reset`,
    step((s) => {
      const enabled = requireMethod(s.ctx, 'password');
      return enabled.ok ? s.c.html(<ResetPhonePage {...s.view} />) : stop(s.c, enabled.error, s.ctx);
    }),
  );

  app.post(
    `${base}/reset/send`,
    step(async (s) => {
      const sent = await sendPasswordResetCode(deps(), s.ctx, { phone: s.field('phone'), ip: s.ip });
      if (sent.ok) return s.c.html(<ResetPage {...s.view} sent={sent.value} notice={sentNotice(sent.value)} />);
      if (isStop(sent.error)) return stop(s.c, sent.error, s.ctx);
      return s.c.html(<ResetPhonePage {...s.view} phone={s.field('phone').slice(0, 32)} error={sent.error.message} />, failed(s, sent.error));
    }),
  );

  app.post(
    `${base}/reset`,
    step(async (s) => {
      const outcome = await resetPasswordWithPhoneCode(deps(), s.ctx, {
        phone: s.field('phone'),
        code: s.field('code'),
        password: s.field('password'),
        confirm: s.field('confirm'),
      });
      if (outcome.ok) return done(s, outcome.value.token);
      const e = outcome.error;
      if (isStop(e)) return stop(s.c, e, s.ctx);
      if (e.code === 'InvalidParameter.PhoneNumber') return s.c.html(<ResetPhonePage {...s.view} error={e.message} />, failed(s, e));
      return s.c.html(<ResetPage {...s.view} sent={sentView(s.field('phone'))} error={e.message} />, failed(s, e));
    }),
  );
};
