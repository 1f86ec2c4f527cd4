import type { Context, MiddlewareHandler } from 'hono';
import type { AuditActor } from '../../../domain/audit/audit-event';
import type { Directory } from '../../../domain/directory/directory';
import type { Resolved } from '../../../domain/logon/portal-logon';
import type { Container } from '../../wire';
import { auditLogon, type LogonAudit } from '../audit/audit-middleware';

type Step = Pick<LogonAudit, 'action' | 'carrier' | 'logonMethod'> & { readonly authenticatedBy: AuditActor['authenticatedBy'] };

/**
 * The portal's audited steps: every logon attempt (password, SAML, the second factor) and what a
 * signed-in user does that matters to an auditor (opening an account, taking credentials, changing
 * the password or the MFA device, signing out).
 */
const STEPS: readonly [RegExp, Step][] = [
  [/^\/portal\/[^/]+\/login$/, { action: 'portal:PasswordLogon', carrier: 'session-write', logonMethod: 'PortalPassword', authenticatedBy: 'Password' }],
  [/^\/saml\/[^/]+\/acs$/, { action: 'portal:SamlLogon', carrier: 'session-write', logonMethod: 'PortalSaml', authenticatedBy: 'SamlAssertion' }],
  [/^\/portal\/[^/]+\/mfa$/, { action: 'portal:VerifyMfa', carrier: 'session-write', logonMethod: 'PortalMfa', authenticatedBy: 'Totp' }],
  [/^\/portal\/[^/]+\/mfa\/enroll$/, { action: 'portal:EnrollMfaDevice', carrier: 'first-write', authenticatedBy: 'PortalSession' }],
  [/^\/portal\/[^/]+\/password$/, { action: 'portal:ChangePassword', carrier: 'first-write', authenticatedBy: 'PortalSession' }],
  [/^\/portal\/[^/]+\/logout$/, { action: 'portal:Logout', carrier: 'first-write', authenticatedBy: 'PortalSession' }],
  [/^\/portal\/[^/]+\/accounts\/[^/]+\/console$/, { action: 'portal:SignInToAccount', carrier: 'first-write', authenticatedBy: 'PortalSession' }],
  [/^\/portal\/[^/]+\/accounts\/[^/]+\/credentials$/, { action: 'portal:GetTemporaryCredentials', carrier: 'first-write', authenticatedBy: 'PortalSession' }],
];

const DIRECTORY_ID = /^d-[a-z0-9]{1,32}$/;

const typedUserName = async (c: Context): Promise<string | undefined> => {
  const form = await c.req.parseBody();
  return typeof form.userName === 'string' && form.userName.trim() ? form.userName.trim().slice(0, 64) : undefined;
};

/** The account a step opens, and the access configuration it asks for (never the form's CSRF token). */
const accountRequest = async (c: Context): Promise<Record<string, unknown> | undefined> => {
  const accountId = /\/accounts\/([^/]+)\//.exec(c.req.path)?.[1];
  if (!accountId) return undefined;
  const form = await c.req.parseBody();
  return { accountId, ...(typeof form.accessConfigurationId === 'string' ? { accessConfigurationId: form.accessConfigurationId.slice(0, 64) } : {}) };
};

export const auditPortal = (deps: () => Container): MiddlewareHandler => async (c, next) => {
  if (c.req.method !== 'POST') return next();
  const step = STEPS.find(([pattern]) => pattern.test(c.req.path))?.[1];
  if (!step) return next();
  const directory = c.get('directory') as Directory | undefined;
  const samlDirectory = /^\/saml\/([^/]+)\//.exec(c.req.path)?.[1];
  const directoryId = directory?.id ?? (samlDirectory && DIRECTORY_ID.test(samlDirectory) ? samlDirectory : undefined);
  const request = step.action === 'portal:SignInToAccount' || step.action === 'portal:GetTemporaryCredentials' ? await accountRequest(c) : undefined;
  const userName = step.action === 'portal:PasswordLogon' ? await typedUserName(c) : undefined;
  return auditLogon(deps, {
    ...step,
    channel: step.action === 'portal:SamlLogon' ? 'SAML' : 'Portal',
    tenant: () => (directoryId ? { type: 'directory', id: directoryId } : undefined),
    actor: () => ({ type: 'User', authenticatedBy: step.authenticatedBy, ...(userName ? { name: userName } : {}) }),
    actorAfter: (ctx) => {
      const resolved = ctx.get('resolved') as Resolved | undefined;
      return resolved ? { id: resolved.user.id, name: resolved.user.userName } : undefined;
    },
    ...(request ? { request: () => request } : {}),
  })(c, next);
};
