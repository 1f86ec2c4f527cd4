import type { Context, MiddlewareHandler } from 'hono';
import type { AuditActor } from '../../../domain/audit/audit-event';
import type { Container } from '../../wire';
import { auditLogon, type LogonAudit } from '../audit/audit-middleware';

type Step = Pick<LogonAudit, 'action' | 'carrier' | 'logonMethod'> & { readonly authenticatedBy: AuditActor['authenticatedBy'] };

/**
 * The hosted pages' audited steps: each logon attempt (password, phone code, the SMS second factor,
 * the forced password change, registration, reset), each SMS a visitor makes us send, and sign-out.
 * A step's record goes with the session it opens or moves on; a step that opens none records its
 * outcome on its own.
 */
const STEPS: readonly [RegExp, Step][] = [
  [/\/login\/password$/, { action: 'ciam:PasswordLogon', carrier: 'session-write', logonMethod: 'CiamPassword', authenticatedBy: 'Password' }],
  [/\/login\/phone\/send$/, { action: 'ciam:SendLogonCode', carrier: 'first-write', authenticatedBy: 'None' }],
  [/\/login\/phone$/, { action: 'ciam:PhoneCodeLogon', carrier: 'session-write', logonMethod: 'CiamPhoneCode', authenticatedBy: 'PhoneCode' }],
  [/\/login\/second-factor\/resend$/, { action: 'ciam:SendSecondFactorCode', carrier: 'first-write', authenticatedBy: 'HostedSession' }],
  [/\/login\/second-factor$/, { action: 'ciam:VerifySecondFactor', carrier: 'session-write', logonMethod: 'CiamSecondFactor', authenticatedBy: 'PhoneCode' }],
  [/\/login\/change-password$/, { action: 'ciam:ChangeTemporaryPassword', carrier: 'session-write', logonMethod: 'CiamPasswordChange', authenticatedBy: 'HostedSession' }],
  [/\/login\/register\/send$/, { action: 'ciam:SendRegistrationCode', carrier: 'first-write', authenticatedBy: 'None' }],
  [/\/login\/register$/, { action: 'ciam:Register', carrier: 'first-write', logonMethod: 'CiamRegistration', authenticatedBy: 'PhoneCode' }],
  [/\/login\/reset\/send$/, { action: 'ciam:SendPasswordResetCode', carrier: 'first-write', authenticatedBy: 'None' }],
  [/\/login\/reset$/, { action: 'ciam:ResetPassword', carrier: 'first-write', logonMethod: 'CiamPasswordReset', authenticatedBy: 'PhoneCode' }],
];

const INSTANCE = /^\/ciam\/(idaas_[a-z0-9]+)\//;

/** RFC 6749 §2.3.1: the client id from HTTP Basic, else the form. */
const clientIdOf = (c: Context, form: URLSearchParams): string | undefined => {
  const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const id = decoded.slice(0, Math.max(0, decoded.indexOf(':')));
    try {
      return decodeURIComponent(id.replace(/\+/g, ' ')).slice(0, 128) || undefined;
    } catch {
      return undefined;
    }
  }
  return form.get('client_id')?.slice(0, 128) || undefined;
};

/** The token endpoint: each grant and refresh, with the client that asked and how it proved itself. */
const tokenStep = async (c: Context): Promise<Parameters<typeof auditLogon>[1] | undefined> => {
  const form = new URLSearchParams(await c.req.text());
  const grant = form.get('grant_type');
  const action = grant === 'refresh_token' ? 'oidc:RefreshToken' : grant === 'authorization_code' ? 'oidc:AuthorizationCodeGrant' : `oidc:TokenRequest`;
  const clientId = clientIdOf(c, form);
  const confidential = /^Basic\s/i.test(c.req.header('authorization') ?? '') || form.has('client_secret');
  return {
    action,
    channel: 'OIDC',
    carrier: 'session-write',
    logonMethod: grant === 'refresh_token' ? 'OidcRefresh' : 'OidcCodeGrant',
    tenant: () => undefined,
    actor: () => ({ type: 'Application', ...(clientId ? { id: clientId, credentialId: clientId } : {}), authenticatedBy: confidential ? 'ClientSecret' : 'PublicClient' }),
    ...(clientId ? { request: () => ({ applicationId: clientId, grantType: grant ?? '' }) } : {}),
    errorCode: async (res) => {
      try {
        const body = (await res.clone().json()) as { error?: unknown };
        return typeof body.error === 'string' ? body.error : undefined;
      } catch {
        return undefined;
      }
    },
  };
};

export const auditHosted = (deps: () => Container): MiddlewareHandler => async (c, next) => {
  if (c.req.method !== 'POST') return next();
  const instanceId = INSTANCE.exec(c.req.path)?.[1];
  if (!instanceId) return next();
  const tenant = () => ({ type: 'instance' as const, id: instanceId });
  if (/\/oidc\/token$/.test(c.req.path)) {
    const spec = await tokenStep(c);
    return spec ? auditLogon(deps, { ...spec, tenant })(c, next) : next();
  }
  if (/\/oidc\/(logout|end_session|session\/end)$/.test(c.req.path)) {
    return auditLogon(deps, { action: 'oidc:EndSession', channel: 'OIDC', carrier: 'first-write', tenant, actor: () => ({ type: 'Customer', authenticatedBy: 'HostedSession' }) })(c, next);
  }
  const step = STEPS.find(([pattern]) => pattern.test(c.req.path))?.[1];
  if (!step) return next();
  return auditLogon(deps, {
    ...step,
    channel: 'Hosted',
    tenant,
    actor: async () => {
      const form = await c.req.parseBody();
      const identifier = typeof form.identifier === 'string' ? form.identifier.trim().slice(0, 254) : typeof form.username === 'string' ? form.username.trim().slice(0, 64) : '';
      return { type: 'Customer', authenticatedBy: step.authenticatedBy, ...(identifier ? { name: identifier } : {}) };
    },
  })(c, next);
};
