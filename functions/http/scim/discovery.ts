import type { Context, Hono } from 'hono';
import { notFound } from '../../../domain/scim/scim-error';
import { resourceTypes, schemaDefinitions, serviceProviderConfig } from '../../../domain/scim/schemas';
import { listResponse } from '../../../domain/scim/list-response';
import { publicOrigin } from '../management/origin';
import { sendError, sendScim } from './app';
import type { ScimEnv } from './env';

/** RFC 7644 §4: what this service supports, told truthfully. */
export const registerDiscovery = (app: Hono<ScimEnv>) => {
  const root = (c: Context) => `${publicOrigin(c)}/scim/v2`;
  app.get('/scim/v2/ServiceProviderConfig', (c) => sendScim(c, 200, serviceProviderConfig(root(c))));
  app.get('/scim/v2/ResourceTypes', (c) => {
    const all = resourceTypes(root(c));
    return sendScim(c, 200, listResponse(all, { totalResults: all.length, startIndex: 1, itemsPerPage: all.length }));
  });
  app.get('/scim/v2/ResourceTypes/:id', (c) => {
    const one = resourceTypes(root(c)).find((r) => r.id === c.req.param('id'));
    return one ? sendScim(c, 200, one) : sendError(c, notFound(`No resource type ${c.req.param('id')}.`));
  });
  app.get('/scim/v2/Schemas', (c) => {
    const all = schemaDefinitions(root(c));
    return sendScim(c, 200, listResponse(all, { totalResults: all.length, startIndex: 1, itemsPerPage: all.length }));
  });
  app.get('/scim/v2/Schemas/:id', (c) => {
    const one = schemaDefinitions(root(c)).find((s) => s.id === c.req.param('id'));
    return one ? sendScim(c, 200, one) : sendError(c, notFound(`No schema ${c.req.param('id')}.`));
  });
};
