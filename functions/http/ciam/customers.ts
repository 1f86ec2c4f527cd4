import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  createCustomer,
  deleteCustomer,
  exportCustomers,
  getCustomer,
  importCustomers,
  listCustomers,
  resetCustomerPassword,
  setCustomerStatus,
  updateCustomer,
} from '../../../domain/ciam/customer-use-cases';
import type { CustomerId, InstanceId } from '../../../domain/shared/ids';
import { orThrow } from '../management/api-error';
import type { Deps, ManagementEnv } from '../management/env';
import { withNextToken } from '../management/schemas';
import { presentCustomer, presentExportedCustomer, presentImportOutcome } from './customer-presenters';
import * as r from './customer-routes';

/** An instance's customer accounts: the console's account management, plus export and import. */
export const registerCustomers = (app: OpenAPIHono<ManagementEnv>, deps: Deps) => {
  const instanceOf = (p: { instanceId: string }) => p.instanceId as InstanceId;
  const customerOf = (p: { customerId: string }) => p.customerId as CustomerId;

  app.openapi(r.createCustomerRoute, async (c) => {
    const customer = orThrow(await createCustomer(deps(), c.get('principal'), instanceOf(c.req.valid('param')), c.req.valid('json')));
    return c.json(presentCustomer(customer), 201);
  });
  app.openapi(r.listCustomersRoute, async (c) => {
    const { maxResults, nextToken, status, usernamePrefix } = c.req.valid('query');
    const page = orThrow(await listCustomers(deps(), c.get('principal'), instanceOf(c.req.valid('param')), { status, usernamePrefix }, { limit: maxResults, nextToken }));
    return c.json({ accounts: page.items.map(presentCustomer), ...withNextToken(page.nextToken) }, 200);
  });
  // Registered before `/{customerId}` routes: the custom methods are literal paths.
  app.openapi(r.exportCustomersRoute, async (c) => {
    const { maxResults, nextToken } = c.req.valid('query');
    const page = orThrow(await exportCustomers(deps(), c.get('principal'), instanceOf(c.req.valid('param')), { limit: maxResults, nextToken }));
    // JSON lines (one account a line, newline-terminated), so an export can be streamed, split and re-sent.
    const lines = page.items.map((e) => `${JSON.stringify(presentExportedCustomer(e))}\n`).join('');
    const headers = { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store', ...(page.nextToken ? { 'x-next-token': page.nextToken } : {}) };
    // zod-openapi types only JSON and text bodies; an application/x-ndjson route's handler type is `never`.
    return c.body(lines, 200, headers) as never;
  });
  app.openapi(r.importCustomersRoute, async (c) => {
    // An export line's read-only fields are dropped here: the new account gets its own.
    const records = c.req.valid('json').records.map(({ customerId: _id, source: _source, updatedAt: _updated, ...record }) => record);
    const outcomes = orThrow(await importCustomers(deps(), c.get('principal'), instanceOf(c.req.valid('param')), records));
    const imported = outcomes.filter((o) => 'customerId' in o).length;
    return c.json({ imported, failed: outcomes.length - imported, results: outcomes.map(presentImportOutcome) }, 200);
  });
  app.openapi(r.getCustomerRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentCustomer(orThrow(await getCustomer(deps(), c.get('principal'), instanceOf(p), customerOf(p)))), 200);
  });
  app.openapi(r.updateCustomerRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentCustomer(orThrow(await updateCustomer(deps(), c.get('principal'), instanceOf(p), customerOf(p), c.req.valid('json')))), 200);
  });
  app.openapi(r.setCustomerStatusRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentCustomer(orThrow(await setCustomerStatus(deps(), c.get('principal'), instanceOf(p), customerOf(p), c.req.valid('json').status))), 200);
  });
  app.openapi(r.resetCustomerPasswordRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentCustomer(orThrow(await resetCustomerPassword(deps(), c.get('principal'), instanceOf(p), customerOf(p), c.req.valid('json')))), 200);
  });
  app.openapi(r.deleteCustomerRoute, async (c) => {
    const p = c.req.valid('param');
    orThrow(await deleteCustomer(deps(), c.get('principal'), instanceOf(p), customerOf(p)));
    return c.body(null, 204);
  });
};
