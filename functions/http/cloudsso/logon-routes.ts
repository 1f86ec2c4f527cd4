import { createRoute, z } from '@hono/zod-openapi';
import { MAX_BREAK_GLASS_USERS, MAX_NETWORK_MASKS, SESSION_DURATION } from '../../../domain/logon/logon-settings';
import { BEARER, errorResponses, json, jsonBody } from '../management/schemas';
import { DirectoryIdParam, UserIdParam } from './schemas';

const tags = ['CloudSSO logon'];
const base = '/api/v1/cloudsso/directories/{directoryId}';
const Dir = z.strictObject({ directoryId: DirectoryIdParam });
const DirUser = Dir.extend({ userId: UserIdParam });

export const PasswordPolicy = z
  .strictObject({
    minLength: z.number().int().min(8).max(32),
    minDistinctChars: z.number().int().min(0).max(32),
    mustNotContainUserName: z.boolean(),
    requireUpper: z.boolean(),
    requireLower: z.boolean(),
    requireDigit: z.boolean(),
    requireSymbol: z.boolean(),
    maxAgeDays: z.number().int().min(0).max(120),
    reusePrevention: z.number().int().min(0).max(24),
    maxFailedAttempts: z.number().int().min(0).max(32),
  })
  .openapi('PasswordPolicy');

export const LoginPreference = z
  .strictObject({
    allowUserToGetCredentials: z.boolean(),
    loginNetworkMasks: z.array(z.string().max(18)).max(MAX_NETWORK_MASKS),
    sessionDurationSeconds: z.number().int().min(SESSION_DURATION.min).max(SESSION_DURATION.max),
  })
  .openapi('LoginPreference');

export const LogonSettings = z
  .object({
    method: z.enum(['Password', 'SSO']),
    passwordPolicy: PasswordPolicy,
    mfa: z.enum(['Enabled', 'ByUser', 'Disabled', 'OnlyRiskyLogon']),
    loginPreference: LoginPreference,
    breakGlassUserIds: z.array(z.string()),
    portalUrl: z.string().openapi({ description: "The user portal's sign-in page." }),
    samlSpMetadataUrl: z.string(),
  })
  .openapi('LogonSettings');

const MfaDevice = z.object({ deviceId: z.string(), type: z.literal('TOTP'), name: z.string(), createdAt: z.string() }).openapi('MfaDevice');

export const getLogonSettingsRoute = createRoute({
  method: 'get', path: `${base}/logon-settings`, tags, security: BEARER, summary: 'Logon method, password policy, MFA and login preference',
  request: { params: Dir }, responses: { 200: json(LogonSettings, 'Settings'), ...errorResponses(404) },
});

export const passwordPolicyRoute = createRoute({
  method: 'put', path: `${base}/logon-settings/password-policy`, tags, security: BEARER, summary: 'Set the password policy (omitted fields keep their value)',
  request: { params: Dir, body: jsonBody(PasswordPolicy.partial()) }, responses: { 200: json(LogonSettings, 'Updated'), ...errorResponses(404, 409) },
});

export const loginPreferenceRoute = createRoute({
  method: 'put', path: `${base}/logon-settings/login-preference`, tags, security: BEARER,
  summary: 'IP allow-list (IPv4 addresses or CIDR blocks), programmatic credentials, portal session length',
  request: { params: Dir, body: jsonBody(LoginPreference.partial()) }, responses: { 200: json(LogonSettings, 'Updated'), ...errorResponses(404, 409) },
});

export const mfaSettingRoute = createRoute({
  method: 'put', path: `${base}/logon-settings/mfa`, tags, security: BEARER, summary: 'MFA for password logon: Enabled, ByUser, Disabled, OnlyRiskyLogon',
  request: { params: Dir, body: jsonBody(z.strictObject({ status: z.enum(['Enabled', 'ByUser', 'Disabled', 'OnlyRiskyLogon']) })) },
  responses: { 200: json(LogonSettings, 'Updated'), ...errorResponses(404, 409) },
});

export const logonMethodRoute = createRoute({
  method: 'put', path: `${base}/logon-settings/method`, tags, security: BEARER,
  summary: 'Password or SSO (enabling one disables the other); break-glass users keep a password under SSO',
  request: {
    params: Dir,
    body: jsonBody(z.strictObject({ method: z.enum(['Password', 'SSO']), breakGlassUserIds: z.array(UserIdParam).max(MAX_BREAK_GLASS_USERS).optional() })),
  },
  responses: { 200: json(LogonSettings, 'Updated'), ...errorResponses(404, 409) },
});

export const resetPasswordRoute = createRoute({
  method: 'put', path: `${base}/users/{userId}/password`, tags, security: BEARER,
  summary: "Set a user's password (generated when omitted, shown once); refused while SSO is on",
  request: {
    params: DirUser,
    body: jsonBody(z.strictObject({ password: z.string().min(1).max(128).optional(), mustChange: z.boolean().default(true) })),
  },
  responses: { 200: json(z.object({ password: z.string().optional() }), 'Set'), ...errorResponses(404, 409) },
});

export const listMfaDevicesRoute = createRoute({
  method: 'get', path: `${base}/users/{userId}/mfa-devices`, tags, security: BEARER, summary: "A user's MFA devices",
  request: { params: DirUser }, responses: { 200: json(z.object({ devices: z.array(MfaDevice) }), 'Devices'), ...errorResponses(404) },
});

export const deleteMfaDeviceRoute = createRoute({
  method: 'delete', path: `${base}/users/{userId}/mfa-devices/{deviceId}`, tags, security: BEARER, summary: "Delete a user's MFA device",
  request: { params: DirUser.extend({ deviceId: z.string().regex(/^mfa-[a-z0-9]{1,32}$/) }) },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

const SamlIdp = z
  .object({
    configured: z.boolean(),
    entityId: z.string().optional(),
    ssoUrl: z.string().optional(),
    binding: z.enum(['HTTP-POST', 'HTTP-Redirect']).optional(),
    certificates: z.array(z.string()).optional().openapi({ description: 'Base64 DER bodies of the IdP signing certificates (one or two).' }),
    wantRequestSigned: z.boolean().optional(),
    updatedAt: z.string().optional(),
  })
  .openapi('SamlIdp');

export const getSamlIdpRoute = createRoute({
  method: 'get', path: `${base}/saml-idp`, tags, security: BEARER, summary: "The directory's SAML identity provider",
  request: { params: Dir }, responses: { 200: json(SamlIdp, 'The IdP'), ...errorResponses(404) },
});

export const setSamlIdpRoute = createRoute({
  method: 'put', path: `${base}/saml-idp`, tags, security: BEARER,
  summary: 'Configure the SAML IdP from its metadata XML, or from entity id, SSO URL and certificates',
  request: {
    params: Dir,
    body: jsonBody(
      z.union([
        z.strictObject({ metadataXml: z.string().min(1).max(512 * 1024) }),
        z.strictObject({
          entityId: z.string().min(1).max(1024),
          ssoUrl: z.string().min(1).max(2048),
          binding: z.enum(['HTTP-POST', 'HTTP-Redirect']).default('HTTP-Redirect'),
          certificates: z.array(z.string().min(1).max(16384)).min(1).max(2),
          wantRequestSigned: z.boolean().default(false),
        }),
      ]),
    ),
  },
  responses: { 200: json(SamlIdp, 'Configured'), ...errorResponses(404, 409) },
});

export const clearSamlIdpRoute = createRoute({
  method: 'delete', path: `${base}/saml-idp`, tags, security: BEARER, summary: 'Remove the IdP (only while SSO is off)',
  request: { params: Dir }, responses: { 204: { description: 'Removed' }, ...errorResponses(404, 409) },
});

export const samlSpRoute = createRoute({
  method: 'get', path: `${base}/saml-sp`, tags, security: BEARER, summary: "Atrium's SP details to give the IdP (entity id, ACS URL, metadata URL)",
  request: { params: Dir },
  responses: { 200: json(z.object({ entityId: z.string(), acsUrl: z.string(), metadataUrl: z.string() }), 'SP'), ...errorResponses(404) },
});

export const logonRoutes = [
  getSamlIdpRoute, setSamlIdpRoute, clearSamlIdpRoute, samlSpRoute,
  getLogonSettingsRoute, passwordPolicyRoute, loginPreferenceRoute, mfaSettingRoute, logonMethodRoute, resetPasswordRoute,
  listMfaDevicesRoute, deleteMfaDeviceRoute,
];
