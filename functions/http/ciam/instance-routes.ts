import { createRoute, z } from '@hono/zod-openapi';
import { CATALOGUE, EDITIONS, REGIONS } from '../../../domain/ciam/catalogue';
import { MAX_DESCRIPTION } from '../../../domain/ciam/instance';
import { INSTANCE_ROLES, MAX_ACCOUNT_NAME, MAX_EXTERNAL_ID } from '../../../domain/ciam/instance-administrator';
import { BEARER, errorResponses, json, jsonBody, PageQuery } from '../management/schemas';
import { InstanceParams } from './schemas';

const tags = ['CIAM instances'];
const base = '/api/v1/ciam/instances';

const Catalogue = z
  .object({
    currency: z.literal('USD'),
    deployment: z.array(z.string()),
    regions: z.array(z.object({ id: z.string(), name: z.string() })),
    editions: z.array(z.object({ id: z.enum(EDITIONS), hourlyFee: z.string(), maxApplications: z.number(), description: z.string() })),
    mauTiers: z.array(z.object({ upTo: z.number().nullable(), pricePerMau: z.string() })),
  })
  .openapi('CiamCatalogue');

const Instance = z
  .object({
    instanceId: z.string(),
    description: z.string(),
    region: z.string(),
    edition: z.enum(EDITIONS),
    deployment: z.string(),
    status: z.enum(['Initializing', 'Running', 'Released']),
    orderId: z.string(),
    createdAt: z.string(),
    releasedAt: z.string().optional(),
  })
  .openapi('CiamInstance');

const Order = z
  .object({
    orderId: z.string(),
    instanceId: z.string(),
    type: z.enum(['Purchase', 'Release']),
    region: z.string(),
    edition: z.enum(EDITIONS),
    hourlyFee: z.string(),
    currency: z.literal('USD'),
    createdAt: z.string(),
  })
  .openapi('CiamOrder');

const Purchase = z
  .strictObject({
    region: z.enum(REGIONS).openapi({ example: CATALOGUE.regions[0]!.id }),
    edition: z.enum(EDITIONS),
    deployment: z.literal('Online').optional(),
    description: z.string().max(MAX_DESCRIPTION).optional(),
  })
  .openapi('PurchaseInstance');

const Administrator = z
  .object({
    administratorId: z.string(),
    accountName: z.string(),
    externalId: z.string().optional(),
    role: z.enum(INSTANCE_ROLES),
    createdAt: z.string(),
  })
  .openapi('CiamInstanceAdministrator');

const AddAdministrator = z
  .strictObject({
    administratorId: z.string().min(1).max(64).openapi({ description: 'A RAM user (administrator) of the same account.' }),
    accountName: z.string().min(1).max(MAX_ACCOUNT_NAME).optional(),
    externalId: z.string().min(1).max(MAX_EXTERNAL_ID).optional(),
    role: z.enum(INSTANCE_ROLES),
  })
  .openapi('AddInstanceAdministrator');

export const catalogueRoute = createRoute({
  method: 'get', path: '/api/v1/ciam/catalogue', tags, security: BEARER, summary: 'Regions, editions and MAU prices on offer',
  responses: { 200: json(Catalogue, 'The catalogue'), ...errorResponses() },
});
export const purchaseRoute = createRoute({
  method: 'post', path: base, tags, security: BEARER, summary: 'Buy an instance (an order; the instance initializes, then runs)',
  request: { body: jsonBody(Purchase) }, responses: { 201: json(z.object({ instance: Instance, order: Order }), 'The order and the Initializing instance'), ...errorResponses() },
});
export const listInstancesRoute = createRoute({
  method: 'get', path: base, tags, security: BEARER, summary: 'Instances the caller may see, newest first',
  request: { query: PageQuery }, responses: { 200: json(z.object({ instances: z.array(Instance), nextToken: z.string().optional() }), 'A page of instances'), ...errorResponses() },
});
export const getInstanceRoute = createRoute({
  method: 'get', path: `${base}/{instanceId}`, tags, security: BEARER, summary: 'One instance',
  request: { params: InstanceParams }, responses: { 200: json(Instance, 'The instance'), ...errorResponses(404) },
});
export const releaseInstanceRoute = createRoute({
  method: 'delete', path: `${base}/{instanceId}`, tags, security: BEARER, summary: 'Release an instance (final: it stops answering logons)',
  request: { params: InstanceParams }, responses: { 200: json(Instance, 'The released instance'), ...errorResponses(404, 409) },
});
export const listOrdersRoute = createRoute({
  method: 'get', path: `${base}/{instanceId}/orders`, tags, security: BEARER, summary: "The instance's orders, oldest first",
  request: { params: InstanceParams }, responses: { 200: json(z.object({ orders: z.array(Order) }), 'Orders'), ...errorResponses(404) },
});
export const addAdministratorRoute = createRoute({
  method: 'post', path: `${base}/{instanceId}/administrators`, tags, security: BEARER, summary: 'Give a RAM user a role on this instance only',
  request: { params: InstanceParams, body: jsonBody(AddAdministrator) }, responses: { 201: json(Administrator, 'The instance administrator'), ...errorResponses(404, 409) },
});
export const listAdministratorsRoute = createRoute({
  method: 'get', path: `${base}/{instanceId}/administrators`, tags, security: BEARER, summary: "The instance's administrators",
  request: { params: InstanceParams }, responses: { 200: json(z.object({ administrators: z.array(Administrator) }), 'Administrators'), ...errorResponses(404) },
});
export const removeAdministratorRoute = createRoute({
  method: 'delete', path: `${base}/{instanceId}/administrators/{administratorId}`, tags, security: BEARER, summary: "Remove an administrator's role on this instance",
  request: { params: InstanceParams.extend({ administratorId: z.string().min(1).max(64) }) }, responses: { 204: { description: 'Removed' }, ...errorResponses(404) },
});

export const instanceRoutes = [
  catalogueRoute,
  purchaseRoute,
  listInstancesRoute,
  getInstanceRoute,
  releaseInstanceRoute,
  listOrdersRoute,
  addAdministratorRoute,
  listAdministratorsRoute,
  removeAdministratorRoute,
];
