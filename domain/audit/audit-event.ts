/**
 * One entry of an audit trail: who did what to which resources, from where, and how it ended. Shaped
 * after ActionTrail / CloudTrail records so a security team reads it without a glossary. It never
 * holds a secret: request parameters pass through `auditParameters` first.
 */
export type AuditTrailKind = 'account' | 'directory' | 'instance';

/**
 * Whose trail an event belongs to: a CloudSSO directory, a CIAM instance, or (for what lives above
 * both: administrators, API keys, the resource directory) the cloud account.
 */
export type AuditTenant = { readonly type: AuditTrailKind; readonly id: string };

/** How the actor proved who it is. */
export type AuditAuthentication =
  | 'ApiKey'
  | 'AccessKey'
  | 'ScimToken'
  | 'ConsoleSession'
  | 'PortalSession'
  | 'HostedSession'
  | 'Password'
  | 'SamlAssertion'
  | 'PhoneCode'
  | 'Totp'
  | 'ClientSecret'
  | 'PublicClient'
  | 'OperatorToken'
  | 'None';

export type AuditActorType = 'Account' | 'Administrator' | 'ScimCredential' | 'User' | 'Customer' | 'Application' | 'Operator' | 'Anonymous';

export type AuditActor = {
  readonly type: AuditActorType;
  readonly id?: string;
  /** What the actor called itself: an administrator's name, the user name typed into a logon form. */
  readonly name?: string;
  readonly authenticatedBy: AuditAuthentication;
  /** The API key, AccessKey, SCIM credential or OAuth client used. Its id, never its secret. */
  readonly credentialId?: string;
};

export type AuditResource = { readonly type: string; readonly id: string };

/** Where the call came in. */
export type AuditChannel = 'REST' | 'SCIM' | 'RPC' | 'Console' | 'Portal' | 'Hosted' | 'OIDC' | 'SAML';

export type AuditResult = 'Success' | 'Failure';

export type AuditEvent = {
  readonly id: string;
  readonly time: string;
  readonly tenant: AuditTenant;
  readonly actor: AuditActor;
  readonly source: { readonly ip: string; readonly userAgent?: string };
  readonly channel: AuditChannel;
  /** `service:Operation`, e.g. `cloudsso:CreateAccessAssignment`, `portal:PasswordLogon`. */
  readonly action: string;
  readonly resources: readonly AuditResource[];
  /** The request's parameters, secrets removed (see audit-parameters.ts). */
  readonly request?: Readonly<Record<string, unknown>>;
  readonly result: AuditResult;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestId: string;
};

export const AUDIT_TRAIL_KINDS: readonly AuditTrailKind[] = ['account', 'directory', 'instance'];

export const sameTenant = (a: AuditTenant, b: AuditTenant): boolean => a.type === b.type && a.id === b.id;

/** `directory/d-123`: how a tenant is written in keys and logs. */
export const tenantLabel = (t: AuditTenant): string => `${t.type}/${t.id}`;
