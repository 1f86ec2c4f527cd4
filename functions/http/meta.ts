import { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { handle } from 'hono/aws-lambda';
import { logonRoutes } from './cloudsso/logon-routes';
import { accessRoutes } from './cloudsso/access-routes';
import { idpKeyRoutes } from './cloudsso/idp-key-routes';
import { instanceRoutes } from './ciam/instance-routes';
import { signingKeyRoutes } from './ciam/signing-key-routes';
import { applicationRoutes } from './ciam/application-routes';
import { customerRoutes } from './ciam/customer-routes';
import { usageRoutes } from './ciam/usage-routes';
import { billingRoutes } from './ciam/billing-routes';
import { cloudSsoRoutes } from './cloudsso/routes';
import { iamRoutes } from './iam/routes';
import { orgRoutes } from './org/routes';
import { auditRoutes } from './audit/audit-routes';
import { rpcOperations } from './rpc/operations';
import { renderRpcReference } from './rpc/reference';

/**
 * The OpenAPI 3.1 document is generated from the very route definitions (zod schemas) that validate
 * requests in each area's function, so the reference cannot drift from the code.
 */
export const buildOpenApiDocument = () => {
  const registry = new OpenAPIHono();
  for (const route of [...iamRoutes, ...orgRoutes, ...cloudSsoRoutes, ...logonRoutes, ...accessRoutes, ...idpKeyRoutes, ...instanceRoutes, ...signingKeyRoutes, ...applicationRoutes, ...customerRoutes, ...usageRoutes, ...billingRoutes, ...auditRoutes]) registry.openAPIRegistry.registerPath(route);
  registry.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A management API key: `Authorization: Bearer atr_…`.',
  });
  registry.openAPIRegistry.registerComponent('securitySchemes', 'OperatorToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The platform operator token (ATRIUM_OPERATOR_TOKEN).',
  });
  return registry.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Atrium management API',
      version: '1.0.0',
      description:
        'Manage administrators, API keys, the resource directory and CloudSSO (directory, users, groups, SCIM credentials, logon, access) and CIAM (instances and their administrators, applications, customer accounts, monthly active users), and the audit trails of the account, its directories and its instances. Errors are `{code, message, requestId}`; every response carries `X-Request-Id`.',
    },
    servers: [{ url: '/' }],
  });
};

let document: ReturnType<typeof buildOpenApiDocument> | undefined;
let rpcReference: string | undefined;

/** Health, the OpenAPI document, the interactive reference and the RPC API's: public, no API key needed. */
export const createMetaApp = () => {
  const app = new OpenAPIHono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/api/v1/openapi.json', (c) => c.json((document ??= buildOpenApiDocument())));
  app.get('/api/v1/docs', Scalar({ url: '/api/v1/openapi.json', pageTitle: 'Atrium management API' }));
  app.get('/api/v1/docs/alibaba-api', (c) => c.html((rpcReference ??= renderRpcReference(rpcOperations))));
  return app;
};

export const app = createMetaApp();
export const handler = handle(app);
