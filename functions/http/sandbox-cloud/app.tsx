import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import {
  SANDBOX_BASE_PATH,
  SANDBOX_CONSOLE_PATH,
  SANDBOX_SIGN_IN_PATH,
  SANDBOX_STS_ASSUME_ROLE_PATH,
  SANDBOX_STS_CALLER_IDENTITY_PATH,
} from '../../../adapters/sandbox-cloud/endpoints';
import { errorFields } from '../../../adapters/log/json-logger';
import type { AccountId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { publicOrigin } from '../management/origin';
import { requestLog, type RequestLogVariables } from '../request-log';
import { ConsolePage, RefusedPage, SignedOutPage } from './pages';

type SandboxEnv = { Variables: RequestLogVariables };

const CONSOLE_COOKIE = 'sandbox_console';
const secure = (c: Context) => !/^(127\.|localhost|\[::1\])/.test(c.req.header('host') ?? '');

const AssumeRoleBody = z.strictObject({
  RoleArn: z.string().regex(/^acs:ram::\d{1,32}:role\/[^\s,/]{1,128}$/),
  SAMLProviderArn: z.string().regex(/^acs:ram::\d{1,32}:saml-provider\/[^\s,/]{1,128}$/),
  SAMLAssertion: z.string().min(1).max(256 * 1024),
  DurationSeconds: z.number().int().default(3600),
});

/**
 * The sandbox cloud's own HTTP surface: the console sign-in endpoint (Alibaba Cloud's
 * signin.aliyun.com/saml-role/sso), a console landing page that shows what the session is, and two STS
 * calls that prove issued credentials work. It trusts nothing from Atrium but what was provisioned into
 * the account.
 */
export const createSandboxCloudApp = (deps: () => Container) => {
  const app = new Hono<SandboxEnv>();
  app.use('*', requestLog<SandboxEnv['Variables']>(deps));
  app.use('*', bodyLimit({ maxSize: 384 * 1024, onError: (c) => c.text('Request too large', 413) }));
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  });
  app.onError((error, c) => {
    c.get('logger')?.log('error', 'sandbox cloud error', errorFields(error));
    return c.text(`Internal error. Reference: ${c.get('requestId')}`, 500);
  });

  app.post(SANDBOX_SIGN_IN_PATH, async (c) => {
    const form = await c.req.parseBody();
    const samlResponse = typeof form.SAMLResponse === 'string' ? form.SAMLResponse : '';
    const relayState = typeof form.RelayState === 'string' && form.RelayState !== '' ? form.RelayState.slice(0, 1024) : undefined;
    const sandbox = deps().sandboxCloud;
    const verified = await sandbox.verifySignIn(samlResponse, `${publicOrigin(c)}${SANDBOX_SIGN_IN_PATH}`);
    if (!verified.ok) {
      c.get('logger').log('warn', 'sandbox sign-in refused', { reason: verified.error.code, detail: verified.error.message });
      return c.html(<RefusedPage reason={verified.error.message} code={verified.error.code} requestId={c.get('requestId')} />, 403);
    }
    const token = await sandbox.startConsoleSession(verified.value, relayState);
    setCookie(c, CONSOLE_COOKIE, token, { path: SANDBOX_BASE_PATH, httpOnly: true, sameSite: 'Lax', secure: secure(c) });
    return c.redirect(SANDBOX_CONSOLE_PATH, 303);
  });

  app.get(SANDBOX_CONSOLE_PATH, async (c) => {
    const token = getCookie(c, CONSOLE_COOKIE);
    const session = token ? await deps().sandboxCloud.consoleSession(token) : undefined;
    if (!session) return c.html(<SignedOutPage />, 401);
    return c.html(<ConsolePage session={session} now={deps().clock.now()} />);
  });

  app.post(SANDBOX_STS_ASSUME_ROLE_PATH, async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ Code: 'InvalidParameter', Message: 'The body is not JSON.', RequestId: c.get('requestId') }, 400);
    }
    const parsed = AssumeRoleBody.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return c.json({ Code: 'InvalidParameter', Message: `${issue.path.join('.') || 'body'}: ${issue.message}`, RequestId: c.get('requestId') }, 400);
    }
    const p = parsed.data;
    const [, accountId, roleName] = /^acs:ram::(\d+):role\/(.+)$/.exec(p.RoleArn)!;
    const [, providerAccount, providerName] = /^acs:ram::(\d+):saml-provider\/(.+)$/.exec(p.SAMLProviderArn)!;
    if (providerAccount !== accountId) {
      return c.json({ Code: 'InvalidParameter', Message: 'RoleArn and SAMLProviderArn name different accounts.', RequestId: c.get('requestId') }, 400);
    }
    const out = await deps().sandboxCloud.tryAssumeRoleWithSaml({
      accountId: accountId as AccountId,
      roleName: roleName!,
      samlProviderName: providerName!,
      samlResponse: p.SAMLAssertion,
      durationSeconds: p.DurationSeconds,
    });
    if (!out.ok) return c.json({ Code: out.error.code, Message: out.error.message, RequestId: c.get('requestId') }, 403);
    const k = out.value;
    return c.json({
      RequestId: c.get('requestId'),
      Credentials: { AccessKeyId: k.accessKeyId, AccessKeySecret: k.accessKeySecret, SecurityToken: k.securityToken, Expiration: k.expiration },
      AssumedRoleUser: { Arn: `acs:ram::${accountId}:assumed-role/${roleName}` },
    }, 200);
  });

  app.get(SANDBOX_STS_CALLER_IDENTITY_PATH, async (c) => {
    const keyId = c.req.header('x-acs-accesskey-id') ?? '';
    const token = c.req.header('x-acs-security-token') ?? '';
    const who = await deps().sandboxCloud.callerIdentity(keyId, token);
    if (!who.ok) return c.json({ Code: who.error.code, Message: who.error.message, RequestId: c.get('requestId') }, who.error.code === 'InvalidAccessKeyId.NotFound' ? 404 : 403);
    const w = who.value;
    return c.json({ RequestId: c.get('requestId'), AccountId: w.accountId, Arn: w.arn, IdentityType: w.identityType, RoleName: w.roleName, RoleSessionName: w.roleSessionName, Expiration: w.expiration }, 200);
  });

  app.notFound((c) => c.text('Not found', 404));
  return app;
};
