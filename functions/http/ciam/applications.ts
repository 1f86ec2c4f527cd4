import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  createApplication,
  deleteApplication,
  getApplication,
  getLogonMethods,
  listApplications,
  listClientSecrets,
  rotateClientSecret,
  setApplicationStatus,
  setLogonMethods,
  updateApplication,
} from '../../../domain/ciam/application-use-cases';
import type { InstanceId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { orThrow } from '../management/api-error';
import type { ManagementEnv } from '../management/env';
import { withNextToken } from '../management/schemas';
import { presentApplication, presentClientSecret, presentIssuedSecret, presentLogonMethods } from './application-presenters';
import * as r from './application-routes';

/** An instance's applications: registration, settings, status, client secrets and logon methods. */
export const registerApplications = (app: OpenAPIHono<ManagementEnv>, deps: () => Container) => {
  const instanceOf = (p: { instanceId: string }) => p.instanceId as InstanceId;

  app.openapi(r.createApplicationRoute, async (c) => {
    const created = orThrow(await createApplication(deps(), c.get('principal'), instanceOf(c.req.valid('param')), c.req.valid('json')));
    return c.json(
      { application: presentApplication(created.application), ...(created.clientSecret ? { clientSecret: presentIssuedSecret(created.clientSecret) } : {}) },
      201,
    );
  });
  app.openapi(r.listApplicationsRoute, async (c) => {
    const { maxResults, nextToken } = c.req.valid('query');
    const page = orThrow(await listApplications(deps(), c.get('principal'), instanceOf(c.req.valid('param')), { limit: maxResults, nextToken }));
    return c.json({ applications: page.items.map(presentApplication), ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.getApplicationRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentApplication(orThrow(await getApplication(deps(), c.get('principal'), instanceOf(p), p.applicationId))), 200);
  });
  app.openapi(r.updateApplicationRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentApplication(orThrow(await updateApplication(deps(), c.get('principal'), instanceOf(p), p.applicationId, c.req.valid('json')))), 200);
  });
  app.openapi(r.setApplicationStatusRoute, async (c) => {
    const p = c.req.valid('param');
    const { status } = c.req.valid('json');
    return c.json(presentApplication(orThrow(await setApplicationStatus(deps(), c.get('principal'), instanceOf(p), p.applicationId, status))), 200);
  });
  app.openapi(r.deleteApplicationRoute, async (c) => {
    const p = c.req.valid('param');
    orThrow(await deleteApplication(deps(), c.get('principal'), instanceOf(p), p.applicationId));
    return c.body(null, 204);
  });
  app.openapi(r.rotateClientSecretRoute, async (c) => {
    const p = c.req.valid('param');
    const rotated = orThrow(await rotateClientSecret(deps(), c.get('principal'), instanceOf(p), p.applicationId, c.req.valid('json')));
    return c.json(
      { clientSecret: presentIssuedSecret(rotated.clientSecret), clientSecrets: rotated.application.clientSecrets.map(presentClientSecret) },
      201,
    );
  });
  app.openapi(r.listClientSecretsRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json({ clientSecrets: orThrow(await listClientSecrets(deps(), c.get('principal'), instanceOf(p), p.applicationId)).map(presentClientSecret) }, 200);
  });
  app.openapi(r.getLogonMethodsRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentLogonMethods(orThrow(await getLogonMethods(deps(), c.get('principal'), instanceOf(p), p.applicationId))), 200);
  });
  app.openapi(r.setLogonMethodsRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentLogonMethods(orThrow(await setLogonMethods(deps(), c.get('principal'), instanceOf(p), p.applicationId, c.req.valid('json')))), 200);
  });
};
