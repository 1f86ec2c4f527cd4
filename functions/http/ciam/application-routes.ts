import { createRoute, z } from '@hono/zod-openapi';
import {
  APPLICATION_PROTOCOLS,
  APPLICATION_STATUSES,
  APPLICATION_TYPES,
  MAX_REDIRECT_URIS,
  MAX_SAML_ATTRIBUTE_NAME,
  MAX_SAML_ATTRIBUTES,
  MAX_SECRET_OVERLAP_SECONDS,
  MAX_SP_ENTITY_ID,
  OIDC_CLIENT_TYPES,
  SAML_ATTRIBUTE_SOURCES,
  SAML_NAME_ID_FORMATS,
  SAML_NAME_ID_SOURCES,
} from '../../../domain/ciam/application';
import { MAX_ICON_DATA_URI, MAX_URI_LENGTH } from '../../../domain/ciam/application-uri';
import { PRIMARY_LOGON_METHODS } from '../../../domain/ciam/logon-methods';
import { OIDC_GRANT_TYPES } from '../../../domain/ciam/oidc/client';
import { BEARER, errorResponses, json, jsonBody, PageQuery } from '../management/schemas';
import { InstanceParams } from './schemas';

const tags = ['CIAM applications'];
const base = '/api/v1/ciam/instances/{instanceId}/applications';
const one = `${base}/{applicationId}`;

// The edge checks shapes and bounds what it reads; the domain decides what is valid (and says why).
const ApplicationIdParam = z.string().regex(/^app_[a-z0-9]{1,40}$/).openapi({ param: { name: 'applicationId', in: 'path' }, example: 'app_0123456789abcdefghijklmnop' });
const ApplicationParams = InstanceParams.extend({ applicationId: ApplicationIdParam });
const Uri = z.string().max(MAX_URI_LENGTH);
const Uris = z.array(Uri).max(MAX_REDIRECT_URIS);
const Seconds = z.number().int();
const Icon = z.string().max(MAX_ICON_DATA_URI).openapi({ description: 'An https URL, or a data:image/(png|svg+xml|jpeg);base64 URI of at most 32 KB.' });
const GrantTypes = z.array(z.enum(OIDC_GRANT_TYPES)).max(OIDC_GRANT_TYPES.length);
const AttributeMapping = z.array(z.strictObject({ name: z.string().max(MAX_SAML_ATTRIBUTE_NAME), source: z.enum(SAML_ATTRIBUTE_SOURCES) })).max(MAX_SAML_ATTRIBUTES);

const OidcSettings = z
  .object({
    clientId: z.string().openapi({ description: 'The application id.' }),
    clientType: z.enum(OIDC_CLIENT_TYPES),
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    grantTypes: z.array(z.string()),
    accessTokenSeconds: z.number().int(),
    idTokenSeconds: z.number().int(),
    refreshTokenSeconds: z.number().int(),
  })
  .openapi('CiamOidcSettings');

const SamlSettings = z
  .object({
    spEntityId: z.string(),
    acsUrl: z.string(),
    nameIdFormat: z.enum(SAML_NAME_ID_FORMATS),
    nameIdSource: z.enum(SAML_NAME_ID_SOURCES),
    attributeMapping: z.array(z.object({ name: z.string(), source: z.enum(SAML_ATTRIBUTE_SOURCES) })),
  })
  .openapi('CiamSamlSettings');

const Application = z
  .object({
    applicationId: z.string(),
    instanceId: z.string(),
    name: z.string(),
    icon: z.string().optional(),
    type: z.enum(APPLICATION_TYPES),
    protocol: z.enum(APPLICATION_PROTOCOLS),
    status: z.enum(APPLICATION_STATUSES),
    oidc: OidcSettings.optional(),
    saml: SamlSettings.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CiamApplication');

const IssuedSecret = z
  .object({ clientSecretId: z.string(), clientSecret: z.string().openapi({ description: 'Shown this once; only its hash is stored.' }), createdAt: z.string() })
  .openapi('CiamIssuedClientSecret');
const ClientSecret = z.object({ clientSecretId: z.string(), createdAt: z.string(), expiresAt: z.string().optional() }).openapi('CiamClientSecret');

const CreateOidc = z.strictObject({
  clientType: z.enum(OIDC_CLIENT_TYPES).optional().openapi({ description: 'Default: confidential for Website, public for MiniProgram and MobileApp.' }),
  redirectUris: Uris.openapi({ description: '1-10 URIs, matched exactly: https; http only on 127.0.0.1, [::1] or localhost; a private-use scheme (com.example.app:/cb) for MobileApp. No fragments, no wildcards.' }),
  postLogoutRedirectUris: Uris.optional(),
  grantTypes: GrantTypes.optional().openapi({ description: 'Must include authorization_code. Default: authorization_code, refresh_token.' }),
  accessTokenSeconds: Seconds.optional().openapi({ description: '300-86400, default 3600.' }),
  idTokenSeconds: Seconds.optional().openapi({ description: '300-86400, default 3600.' }),
  refreshTokenSeconds: Seconds.optional().openapi({ description: '3600-7776000, default 2592000.' }),
});
const CreateSaml = z.strictObject({
  spEntityId: z.string().max(MAX_SP_ENTITY_ID),
  acsUrl: Uri,
  nameIdFormat: z.enum(SAML_NAME_ID_FORMATS).optional(),
  nameIdSource: z.enum(SAML_NAME_ID_SOURCES).optional(),
  attributeMapping: AttributeMapping.optional(),
});

const CreateApplication = z
  .strictObject({
    name: z.string().max(256).openapi({ description: '1-64 characters once trimmed.' }),
    icon: Icon.optional(),
    type: z.enum(APPLICATION_TYPES),
    protocol: z.enum(APPLICATION_PROTOCOLS),
    oidc: CreateOidc.optional().openapi({ description: 'Required for OIDC applications.' }),
    saml: CreateSaml.optional().openapi({ description: 'Required for SAML applications.' }),
  })
  .openapi('CreateCiamApplication');

const UpdateApplication = z
  .strictObject({
    name: z.string().max(256).optional(),
    icon: Icon.nullable().optional().openapi({ description: 'null removes the icon.' }),
    oidc: CreateOidc.omit({ clientType: true }).partial().optional().openapi({ description: 'Fields given replace the current ones; the client type is fixed.' }),
    saml: CreateSaml.partial().optional(),
  })
  .openapi('UpdateCiamApplication');

const LogonMethods = z
  .strictObject({
    phoneCode: z.boolean(),
    password: z.boolean(),
    primary: z.enum(PRIMARY_LOGON_METHODS),
    selfRegistration: z.boolean(),
    smsSecondFactor: z.boolean().openapi({ description: 'After a password, also ask for an SMS code; needs password logon.' }),
  })
  .openapi('CiamLogonMethods');

export const createApplicationRoute = createRoute({
  method: 'post', path: base, tags, security: BEARER, summary: "Register an application (a confidential client's first secret is shown once)",
  request: { params: InstanceParams, body: jsonBody(CreateApplication) },
  responses: { 201: json(z.object({ application: Application, clientSecret: IssuedSecret.optional() }), 'The application'), ...errorResponses(404, 409) },
});
export const listApplicationsRoute = createRoute({
  method: 'get', path: base, tags, security: BEARER, summary: "The instance's applications",
  request: { params: InstanceParams, query: PageQuery },
  responses: { 200: json(z.object({ applications: z.array(Application), nextToken: z.string().optional() }), 'A page of applications'), ...errorResponses(404) },
});
export const getApplicationRoute = createRoute({
  method: 'get', path: one, tags, security: BEARER, summary: 'One application',
  request: { params: ApplicationParams }, responses: { 200: json(Application, 'The application'), ...errorResponses(404) },
});
export const updateApplicationRoute = createRoute({
  method: 'patch', path: one, tags, security: BEARER, summary: "Change an application's name, icon or protocol settings",
  request: { params: ApplicationParams, body: jsonBody(UpdateApplication) },
  responses: { 200: json(Application, 'The changed application'), ...errorResponses(404, 409) },
});
export const setApplicationStatusRoute = createRoute({
  method: 'put', path: `${one}/status`, tags, security: BEARER, summary: 'Enable or disable an application (disabled: no logons, still configurable)',
  request: { params: ApplicationParams, body: jsonBody(z.strictObject({ status: z.enum(APPLICATION_STATUSES) }).openapi('SetCiamApplicationStatus')) },
  responses: { 200: json(Application, 'The application'), ...errorResponses(404, 409) },
});
export const deleteApplicationRoute = createRoute({
  method: 'delete', path: one, tags, security: BEARER, summary: 'Delete an application',
  request: { params: ApplicationParams }, responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});
export const rotateClientSecretRoute = createRoute({
  method: 'post', path: `${one}/client-secrets`, tags, security: BEARER,
  summary: 'Issue a new client secret (shown once); the previous one stays valid for the overlap',
  request: {
    params: ApplicationParams,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z
            .strictObject({
              overlapSeconds: Seconds.optional().openapi({ description: `How long the previous secret stays valid: 0-${MAX_SECRET_OVERLAP_SECONDS} seconds, default 86400.` }),
            })
            .openapi('RotateCiamClientSecret'),
        },
      },
    },
  },
  responses: { 201: json(z.object({ clientSecret: IssuedSecret, clientSecrets: z.array(ClientSecret) }), 'The new secret, and every secret now held'), ...errorResponses(404, 409) },
});
export const listClientSecretsRoute = createRoute({
  method: 'get', path: `${one}/client-secrets`, tags, security: BEARER, summary: "An application's client secrets (ids and lifetimes only)",
  request: { params: ApplicationParams }, responses: { 200: json(z.object({ clientSecrets: z.array(ClientSecret) }), 'Client secrets, newest first'), ...errorResponses(404) },
});
export const getLogonMethodsRoute = createRoute({
  method: 'get', path: `${one}/logon-methods`, tags, security: BEARER, summary: "An application's registration and logon settings",
  request: { params: ApplicationParams }, responses: { 200: json(LogonMethods, 'Logon methods'), ...errorResponses(404) },
});
export const setLogonMethodsRoute = createRoute({
  method: 'put', path: `${one}/logon-methods`, tags, security: BEARER, summary: "Replace an application's registration and logon settings",
  request: { params: ApplicationParams, body: jsonBody(LogonMethods) }, responses: { 200: json(LogonMethods, 'Logon methods'), ...errorResponses(404, 409) },
});

export const applicationRoutes = [
  createApplicationRoute,
  listApplicationsRoute,
  getApplicationRoute,
  updateApplicationRoute,
  setApplicationStatusRoute,
  deleteApplicationRoute,
  rotateClientSecretRoute,
  listClientSecretsRoute,
  getLogonMethodsRoute,
  setLogonMethodsRoute,
];
