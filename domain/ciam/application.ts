import { definedOnly, type Changes } from '../shared/changes';
import type { ApplicationId, InstanceId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { acsUrlProblem, iconProblem, redirectUriProblem } from './application-uri';
import { DEFAULT_LOGON_METHODS, validLogonMethods, type LogonMethods, type LogonMethodsError } from './logon-methods';
import { OIDC_GRANT_TYPES, type OidcClient, type OidcGrantType } from './oidc/client';
import { MAX_ACTIVE_CLIENT_SECRETS } from './oidc/client-authentication';

/**
 * An application registered in a CIAM instance: a website, mini program or mobile app whose customers
 * log on through the instance, over OpenID Connect or SAML. Its id is also its OIDC client_id.
 */
export type ApplicationType = 'Website' | 'MiniProgram' | 'MobileApp';
export const APPLICATION_TYPES = ['Website', 'MiniProgram', 'MobileApp'] as const satisfies readonly ApplicationType[];
export type ApplicationProtocol = 'OIDC' | 'SAML';
export const APPLICATION_PROTOCOLS = ['OIDC', 'SAML'] as const satisfies readonly ApplicationProtocol[];
/** A disabled application answers no logons but stays configurable. */
export type ApplicationStatus = 'Enabled' | 'Disabled';
export const APPLICATION_STATUSES = ['Enabled', 'Disabled'] as const satisfies readonly ApplicationStatus[];
/** RFC 6749 §2.1. */
export type OidcClientType = 'confidential' | 'public';
export const OIDC_CLIENT_TYPES = ['confidential', 'public'] as const satisfies readonly OidcClientType[];

export type OidcSettings = {
  /** Fixed at creation: turning a confidential client public would silently drop its authentication. */
  readonly clientType: OidcClientType;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly grantTypes: readonly OidcGrantType[];
  readonly accessTokenSeconds: number;
  readonly idTokenSeconds: number;
  readonly refreshTokenSeconds: number;
};

export const SAML_NAME_ID_FORMATS = [
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
] as const;
export type SamlNameIdFormat = (typeof SAML_NAME_ID_FORMATS)[number];
export const SAML_NAME_ID_SOURCES = ['username', 'email', 'phone', 'customerId'] as const;
export type SamlNameIdSource = (typeof SAML_NAME_ID_SOURCES)[number];
export const SAML_ATTRIBUTE_SOURCES = ['username', 'email', 'phone', 'displayName', 'customerId'] as const;
export type SamlAttributeSource = (typeof SAML_ATTRIBUTE_SOURCES)[number];
export type SamlAttribute = { readonly name: string; readonly source: SamlAttributeSource };

export type SamlSettings = {
  readonly spEntityId: string;
  readonly acsUrl: string;
  readonly nameIdFormat: SamlNameIdFormat;
  readonly nameIdSource: SamlNameIdSource;
  readonly attributeMapping: readonly SamlAttribute[];
};

/** A client secret as stored: its hash only; the secret itself is shown once, when issued. */
export type ApplicationClientSecret = {
  readonly id: string;
  readonly hash: string;
  readonly createdAt: string;
  /** Set when a newer secret replaced it; absent while it is the current one. */
  readonly expiresAt?: string;
};

type ApplicationFields = {
  readonly instanceId: InstanceId;
  readonly id: ApplicationId;
  readonly name: string;
  readonly icon?: string;
  readonly type: ApplicationType;
  readonly status: ApplicationStatus;
  /** Newest first; only a confidential OIDC client has any. */
  readonly clientSecrets: readonly ApplicationClientSecret[];
  readonly logonMethods: LogonMethods;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
};

export type OidcApplication = ApplicationFields & { readonly protocol: 'OIDC'; readonly oidc: OidcSettings };
export type SamlApplication = ApplicationFields & { readonly protocol: 'SAML'; readonly saml: SamlSettings };
export type Application = OidcApplication | SamlApplication;

export type OidcInput = {
  readonly clientType?: OidcClientType | undefined;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[] | undefined;
  readonly grantTypes?: readonly OidcGrantType[] | undefined;
  readonly accessTokenSeconds?: number | undefined;
  readonly idTokenSeconds?: number | undefined;
  readonly refreshTokenSeconds?: number | undefined;
};

export type SamlInput = {
  readonly spEntityId: string;
  readonly acsUrl: string;
  readonly nameIdFormat?: SamlNameIdFormat | undefined;
  readonly nameIdSource?: SamlNameIdSource | undefined;
  readonly attributeMapping?: readonly SamlAttribute[] | undefined;
};

export type ApplicationInput = {
  readonly name: string;
  readonly icon?: string | undefined;
  readonly type: ApplicationType;
  readonly protocol: ApplicationProtocol;
  readonly oidc?: OidcInput | undefined;
  readonly saml?: SamlInput | undefined;
};

/** What an update may change. Type, protocol and client type are fixed at creation; `icon: null` removes the icon. */
export type ApplicationChanges = {
  readonly name?: string | undefined;
  readonly icon?: string | null | undefined;
  readonly oidc?: Changes<Omit<OidcSettings, 'clientType'>> | undefined;
  readonly saml?: Changes<SamlSettings> | undefined;
};

export type ApplicationInputError = Failure<
  | 'InvalidParameter.ApplicationName'
  | 'InvalidParameter.Icon'
  | 'InvalidParameter.ProtocolSettings'
  | 'InvalidParameter.RedirectUri'
  | 'InvalidParameter.PostLogoutRedirectUri'
  | 'InvalidParameter.GrantTypes'
  | 'InvalidParameter.TokenLifetime'
  | 'InvalidParameter.SpEntityId'
  | 'InvalidParameter.AcsUrl'
  | 'InvalidParameter.AttributeMapping'
>;
export type SecretRotationError = Failure<'InvalidParameter.SecretOverlap' | 'OperationNotSupported.ClientSecret'>;

export const MAX_APPLICATION_NAME = 64;
export const MAX_REDIRECT_URIS = 10;
export const MAX_SP_ENTITY_ID = 1024;
export const MAX_SAML_ATTRIBUTES = 20;
export const MAX_SAML_ATTRIBUTE_NAME = 256;
/** Lifetimes in seconds: [min, max, default]. */
export const TOKEN_LIFETIMES = {
  accessTokenSeconds: [300, 86_400, 3_600],
  idTokenSeconds: [300, 86_400, 3_600],
  refreshTokenSeconds: [3_600, 7_776_000, 2_592_000],
} as const;
/** A current secret and the one it replaced, still valid while relying parties switch over. */
export const MAX_CLIENT_SECRETS = MAX_ACTIVE_CLIENT_SECRETS;
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 86_400;
export const DEFAULT_SECRET_OVERLAP_SECONDS = 86_400;

// Code-flow clients only: the implicit and password grants are gone from OAuth 2.1 and RFC 9700 §2.1.2.
const DEFAULT_GRANT_TYPES: readonly OidcGrantType[] = ['authorization_code', 'refresh_token'];

// A website has a server to keep a secret; a mini program or mobile app ships its code to the device.
const defaultClientType = (type: ApplicationType): OidcClientType => (type === 'Website' ? 'confidential' : 'public');

// Control characters would corrupt the console and logs; the name is shown on logon pages.
const CONTROL = /[\u0000-\u001f\u007f]/;

const checkName = (raw: string): Result<string, ApplicationInputError> => {
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_APPLICATION_NAME || CONTROL.test(name)) {
    return fail('InvalidParameter.ApplicationName', `The application name must be 1-${MAX_APPLICATION_NAME} printable characters.`);
  }
  return ok(name);
};

const checkIcon = (icon: string): Result<string, ApplicationInputError> => {
  const problem = iconProblem(icon);
  return problem ? fail('InvalidParameter.Icon', problem) : ok(icon);
};

const checkUris = (
  uris: readonly string[],
  range: readonly [number, number],
  code: 'InvalidParameter.RedirectUri' | 'InvalidParameter.PostLogoutRedirectUri',
  type: ApplicationType,
): Result<readonly string[], ApplicationInputError> => {
  const what = code === 'InvalidParameter.RedirectUri' ? 'redirect URIs' : 'post-logout redirect URIs';
  if (uris.length < range[0] || uris.length > range[1]) return fail(code, `Register ${range[0]}-${range[1]} ${what}.`);
  if (new Set(uris).size !== uris.length) return fail(code, `The ${what} list a URI twice.`);
  for (const uri of uris) {
    const problem = redirectUriProblem(uri, { allowPrivateUseScheme: type === 'MobileApp' });
    if (problem) return fail(code, problem);
  }
  return ok([...uris]);
};

const checkOidc = (type: ApplicationType, s: OidcSettings): Result<OidcSettings, ApplicationInputError> => {
  const redirectUris = checkUris(s.redirectUris, [1, MAX_REDIRECT_URIS], 'InvalidParameter.RedirectUri', type);
  if (!redirectUris.ok) return redirectUris;
  const postLogout = checkUris(s.postLogoutRedirectUris, [0, MAX_REDIRECT_URIS], 'InvalidParameter.PostLogoutRedirectUri', type);
  if (!postLogout.ok) return postLogout;
  const grants = new Set(s.grantTypes);
  if (!grants.has('authorization_code') || grants.size !== s.grantTypes.length || ![...grants].every((g) => OIDC_GRANT_TYPES.includes(g))) {
    return fail('InvalidParameter.GrantTypes', `Grant types are a subset of ${OIDC_GRANT_TYPES.join(', ')}, each once, including authorization_code.`);
  }
  for (const [field, [min, max]] of Object.entries(TOKEN_LIFETIMES)) {
    const seconds = s[field as keyof typeof TOKEN_LIFETIMES];
    if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
      return fail('InvalidParameter.TokenLifetime', `${field} must be a whole number of seconds from ${min} to ${max}.`);
    }
  }
  return ok({ ...s, redirectUris: redirectUris.value, postLogoutRedirectUris: postLogout.value, grantTypes: [...s.grantTypes] });
};

const checkSaml = (s: SamlSettings): Result<SamlSettings, ApplicationInputError> => {
  if (s.spEntityId.length === 0 || s.spEntityId.length > MAX_SP_ENTITY_ID || s.spEntityId.trim() !== s.spEntityId || CONTROL.test(s.spEntityId)) {
    return fail('InvalidParameter.SpEntityId', `The SP entity ID must be 1-${MAX_SP_ENTITY_ID} characters without surrounding spaces.`);
  }
  const acs = acsUrlProblem(s.acsUrl);
  if (acs) return fail('InvalidParameter.AcsUrl', acs);
  if (s.attributeMapping.length > MAX_SAML_ATTRIBUTES) return fail('InvalidParameter.AttributeMapping', `Map at most ${MAX_SAML_ATTRIBUTES} attributes.`);
  const names = new Set<string>();
  for (const { name } of s.attributeMapping) {
    if (name.length === 0 || name.length > MAX_SAML_ATTRIBUTE_NAME || name.trim() !== name || CONTROL.test(name)) {
      return fail('InvalidParameter.AttributeMapping', `Attribute names must be 1-${MAX_SAML_ATTRIBUTE_NAME} characters without surrounding spaces.`);
    }
    // SAML 2.0 Core §2.7.3.1 allows repeated Attribute elements, but two sources under one name would
    // leave the service provider to guess which one it got.
    if (names.has(name)) return fail('InvalidParameter.AttributeMapping', `The attribute ${name} is mapped twice.`);
    names.add(name);
  }
  return ok({ ...s, attributeMapping: s.attributeMapping.map((a) => ({ name: a.name, source: a.source })) });
};

const oidcFrom = (type: ApplicationType, input: OidcInput): OidcSettings => ({
  clientType: input.clientType ?? defaultClientType(type),
  redirectUris: input.redirectUris,
  postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
  grantTypes: input.grantTypes ?? DEFAULT_GRANT_TYPES,
  accessTokenSeconds: input.accessTokenSeconds ?? TOKEN_LIFETIMES.accessTokenSeconds[2],
  idTokenSeconds: input.idTokenSeconds ?? TOKEN_LIFETIMES.idTokenSeconds[2],
  refreshTokenSeconds: input.refreshTokenSeconds ?? TOKEN_LIFETIMES.refreshTokenSeconds[2],
});

const samlFrom = (input: SamlInput): SamlSettings => ({
  spEntityId: input.spEntityId,
  acsUrl: input.acsUrl,
  nameIdFormat: input.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  nameIdSource: input.nameIdSource ?? 'username',
  attributeMapping: input.attributeMapping ?? [],
});

const settingsMismatch = (protocol: ApplicationProtocol) =>
  fail(
    'InvalidParameter.ProtocolSettings',
    protocol === 'OIDC' ? 'An OIDC application takes `oidc` settings (and no `saml`).' : 'A SAML application takes `saml` settings (and no `oidc`).',
  );

/** A new, enabled application with the default logon methods; a confidential client still needs its first secret. */
export const newApplication = (
  input: ApplicationInput,
  ids: { readonly instanceId: InstanceId; readonly applicationId: ApplicationId },
  now: Date,
): Result<Application, ApplicationInputError> => {
  const name = checkName(input.name);
  if (!name.ok) return name;
  const icon = input.icon === undefined ? undefined : checkIcon(input.icon);
  if (icon && !icon.ok) return icon;
  const at = now.toISOString();
  const fields: ApplicationFields = {
    instanceId: ids.instanceId,
    id: ids.applicationId,
    name: name.value,
    ...(icon ? { icon: icon.value } : {}),
    type: input.type,
    status: 'Enabled',
    clientSecrets: [],
    logonMethods: DEFAULT_LOGON_METHODS,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  if (input.protocol === 'OIDC') {
    if (!input.oidc || input.saml) return settingsMismatch('OIDC');
    const oidc = checkOidc(input.type, oidcFrom(input.type, input.oidc));
    return oidc.ok ? ok({ ...fields, protocol: 'OIDC', oidc: oidc.value }) : oidc;
  }
  if (!input.saml || input.oidc) return settingsMismatch('SAML');
  const saml = checkSaml(samlFrom(input.saml));
  return saml.ok ? ok({ ...fields, protocol: 'SAML', saml: saml.value }) : saml;
};

const touched = <A extends Application>(app: A, now: Date): A => ({ ...app, updatedAt: now.toISOString(), version: app.version + 1 });

// Sets name and icon on either kind of application (an absent icon removes it).
const withLabel = <A extends Application>(app: A, name: string, icon: string | undefined): A => {
  const { icon: _previous, ...rest } = app;
  return { ...rest, name, ...(icon === undefined ? {} : { icon }) } as A;
};

/** Applies a partial update; the settings of the other protocol are refused, not ignored. */
export const changeApplication = (app: Application, changes: ApplicationChanges, now: Date): Result<Application, ApplicationInputError> => {
  const name = changes.name === undefined ? ok(app.name) : checkName(changes.name);
  if (!name.ok) return name;
  const icon = changes.icon === undefined || changes.icon === null ? undefined : checkIcon(changes.icon);
  if (icon && !icon.ok) return icon;
  const keptIcon = changes.icon === null ? undefined : (icon?.value ?? app.icon);
  if (app.protocol === 'OIDC') {
    if (changes.saml) return settingsMismatch('OIDC');
    const oidc = changes.oidc ? checkOidc(app.type, { ...app.oidc, ...definedOnly(changes.oidc) }) : ok(app.oidc);
    return oidc.ok ? ok(touched({ ...withLabel(app, name.value, keptIcon), oidc: oidc.value }, now)) : oidc;
  }
  if (changes.oidc) return settingsMismatch('SAML');
  const saml = changes.saml ? checkSaml({ ...app.saml, ...definedOnly(changes.saml) }) : ok(app.saml);
  return saml.ok ? ok(touched({ ...withLabel(app, name.value, keptIcon), saml: saml.value }, now)) : saml;
};

/** Enables or disables; undefined when the application already has that status (nothing to write). */
export const withStatus = (app: Application, status: ApplicationStatus, now: Date): Application | undefined =>
  app.status === status ? undefined : touched({ ...app, status }, now);

export const withLogonMethods = (app: Application, methods: LogonMethods, now: Date): Result<Application, LogonMethodsError> => {
  const valid = validLogonMethods(methods);
  return valid.ok ? ok(touched({ ...app, logonMethods: valid.value }, now)) : valid;
};

/** Only a confidential OIDC client authenticates with a secret (RFC 6749 §2.3.1). */
export const takesClientSecret = (app: Application): app is OidcApplication => app.protocol === 'OIDC' && app.oidc.clientType === 'confidential';

/**
 * Adds a freshly issued secret as the current one. The secret it replaces stays valid for
 * `overlapSeconds` (so relying parties can switch without an outage), or never again if the overlap
 * is 0 (a leaked secret); one that had already been given an earlier end keeps it. Secrets that have
 * expired are dropped, and of the rest only the newest MAX_CLIENT_SECRETS are kept, so a third
 * rotation drops the oldest. The caller generates the secret and passes the hash function: the domain
 * stores `hash(secret)` and never sees a random source.
 */
export const addClientSecret = (
  app: Application,
  issued: { readonly id: string; readonly secret: string },
  hash: (secret: string) => string,
  overlapSeconds: number | undefined,
  now: Date,
): Result<Application, SecretRotationError> => {
  if (!takesClientSecret(app)) {
    return fail('OperationNotSupported.ClientSecret', `Application ${app.id} is not a confidential OIDC client; it has no client secret.`);
  }
  const overlap = overlapSeconds ?? DEFAULT_SECRET_OVERLAP_SECONDS;
  if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_SECRET_OVERLAP_SECONDS) {
    return fail('InvalidParameter.SecretOverlap', `The overlap must be a whole number of seconds from 0 to ${MAX_SECRET_OVERLAP_SECONDS} (7 days).`);
  }
  const end = now.getTime() + overlap * 1000;
  const endOf = (s: ApplicationClientSecret) => (s.expiresAt === undefined ? end : Math.min(end, Date.parse(s.expiresAt)));
  const previous = app.clientSecrets
    .filter((s) => endOf(s) > now.getTime())
    .map((s): ApplicationClientSecret => ({ ...s, expiresAt: new Date(endOf(s)).toISOString() }));
  const current: ApplicationClientSecret = { id: issued.id, hash: hash(issued.secret), createdAt: now.toISOString() };
  return ok({ ...app, clientSecrets: [current, ...previous].slice(0, MAX_CLIENT_SECRETS) });
};

/** RotateClientSecret: a new current secret, returned by id; the application's version moves on. */
export const rotateSecret = (
  app: Application,
  issued: { readonly id: string; readonly secret: string },
  hash: (secret: string) => string,
  overlapSeconds: number | undefined,
  now: Date,
): Result<{ application: Application; secretId: string }, SecretRotationError> => {
  const rotated = addClientSecret(app, issued, hash, overlapSeconds, now);
  return rotated.ok ? ok({ application: touched(rotated.value, now), secretId: issued.id }) : rotated;
};

/** The application as the OIDC protocol rules see it. */
export const oidcClientOf = (app: OidcApplication): OidcClient => ({
  clientId: app.id,
  instanceId: app.instanceId,
  applicationId: app.id,
  type: app.oidc.clientType,
  redirectUris: app.oidc.redirectUris,
  postLogoutRedirectUris: app.oidc.postLogoutRedirectUris,
  grantTypes: app.oidc.grantTypes,
  accessTokenSeconds: app.oidc.accessTokenSeconds,
  idTokenSeconds: app.oidc.idTokenSeconds,
  refreshTokenSeconds: app.oidc.refreshTokenSeconds,
  enabled: app.status === 'Enabled',
});
