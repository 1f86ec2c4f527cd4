import type { OpenAPIHono } from '@hono/zod-openapi';
import { CATALOGUE } from '../../../domain/ciam/catalogue';
import { addInstanceAdministrator, listInstanceAdministrators, removeInstanceAdministrator } from '../../../domain/ciam/instance-administrator-use-cases';
import { getInstance, listInstances, listOrders, purchaseInstance, releaseInstance } from '../../../domain/ciam/instance-use-cases';
import type { InstanceId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { orThrow } from '../management/api-error';
import type { ManagementEnv } from '../management/env';
import { withNextToken } from '../management/schemas';
import * as r from './instance-routes';
import { presentInstance, presentInstanceAdministrator, presentOrder } from './presenters';

/** Buying, listing and releasing instances, and their administrators. */
export const registerInstances = (app: OpenAPIHono<ManagementEnv>, deps: () => Container) => {
  const idOf = (p: { instanceId: string }) => p.instanceId as InstanceId;
  // The catalogue's arrays are readonly; the response schema's are not.
  app.openapi(r.catalogueRoute, async (c) => c.json(structuredClone(CATALOGUE) as never, 200));
  app.openapi(r.purchaseRoute, async (c) => {
    const { instance, order } = orThrow(await purchaseInstance(deps(), c.get('principal'), c.req.valid('json')));
    return c.json({ instance: presentInstance(instance), order: presentOrder(order) }, 201);
  });
  app.openapi(r.listInstancesRoute, async (c) => {
    const { maxResults, nextToken } = c.req.valid('query');
    const page = orThrow(await listInstances(deps(), c.get('principal'), { limit: maxResults, nextToken }));
    return c.json({ instances: page.items.map(presentInstance), ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.getInstanceRoute, async (c) => c.json(presentInstance(orThrow(await getInstance(deps(), c.get('principal'), idOf(c.req.valid('param'))))), 200));
  app.openapi(r.releaseInstanceRoute, async (c) =>
    c.json(presentInstance(orThrow(await releaseInstance(deps(), c.get('principal'), idOf(c.req.valid('param'))))), 200),
  );
  app.openapi(r.listOrdersRoute, async (c) =>
    c.json({ orders: orThrow(await listOrders(deps(), c.get('principal'), idOf(c.req.valid('param')))).map(presentOrder) }, 200),
  );
  app.openapi(r.addAdministratorRoute, async (c) => {
    const admin = orThrow(await addInstanceAdministrator(deps(), c.get('principal'), idOf(c.req.valid('param')), c.req.valid('json')));
    return c.json(presentInstanceAdministrator(admin), 201);
  });
  app.openapi(r.listAdministratorsRoute, async (c) => {
    const list = orThrow(await listInstanceAdministrators(deps(), c.get('principal'), idOf(c.req.valid('param'))));
    return c.json({ administrators: list.map(presentInstanceAdministrator) }, 200);
  });
  app.openapi(r.removeAdministratorRoute, async (c) => {
    const p = c.req.valid('param');
    orThrow(await removeInstanceAdministrator(deps(), c.get('principal'), idOf(p), p.administratorId));
    return c.body(null, 204);
  });
};
