import { createRoute, z } from '@hono/zod-openapi';
import { EDITIONS } from '../../../domain/ciam/catalogue';
import { BEARER, errorResponses, json, PageQuery } from '../management/schemas';
import { InstanceParams } from './schemas';

const tags = ['CIAM bills'];
const Usd = z.string().openapi({ description: 'USD, two decimals (every catalogue price is whole cents, so amounts are exact).', example: '72.00' });
const MonthParam = z.string().max(16).openapi({ description: 'A UTC calendar month, YYYY-MM.', example: '2026-11' });

const BillLine = z
  .object({
    instanceId: z.string(),
    day: z.string().openapi({ example: '2026-11-23' }),
    edition: z.enum(EDITIONS),
    hourlyFee: Usd,
    billedHours: z.number().int().openapi({ description: 'Clock hours (UTC) of the day the instance was in service for any part of.' }),
    editionFee: Usd,
    mauToDate: z.number().int().openapi({ description: 'The instance\'s MAU from the 1st of the month to the end of the day.' }),
    newMau: z.number().int(),
    mauCharge: Usd.openapi({ description: 'The MAU charge accrued this day at the graduated tiers: charge(mauToDate) − charge(the previous line\'s mauToDate).' }),
    total: Usd,
  })
  .openapi('CiamBillLine');

const StatementInstance = z.object({
  instanceId: z.string(),
  edition: z.enum(EDITIONS),
  billedHours: z.number().int(),
  editionFee: Usd,
  mau: z.number().int(),
  mauCharge: Usd,
  total: Usd,
});

const Statement = z
  .object({
    accountId: z.string(),
    month: z.string(),
    currency: z.literal('USD'),
    status: z.enum(['Issued', 'Open']).openapi({ description: 'Issued: the monthly job summed the ended month. Open: summed from the daily lines written so far.' }),
    issuedAt: z.string().optional(),
    instances: z.array(StatementInstance),
    total: Usd,
  })
  .openapi('CiamStatement');

export const listBillsRoute = createRoute({
  method: 'get', path: '/api/v1/ciam/bills', tags, security: BEARER, summary: "Daily bill lines of a month: the account's instances, by instance then day",
  request: { query: PageQuery.extend({ month: MonthParam, instanceId: z.string().max(64).optional() }) },
  responses: { 200: json(z.object({ bills: z.array(BillLine), nextToken: z.string().optional() }), 'Bill lines'), ...errorResponses() },
});
export const listStatementsRoute = createRoute({
  method: 'get', path: '/api/v1/ciam/statements', tags, security: BEARER, summary: 'Issued monthly statements, newest first',
  request: { query: PageQuery },
  responses: { 200: json(z.object({ statements: z.array(Statement), nextToken: z.string().optional() }), 'Statements'), ...errorResponses() },
});
export const getStatementRoute = createRoute({
  method: 'get', path: '/api/v1/ciam/statements/{month}', tags, security: BEARER, summary: "A month's statement (issued, or open while the month runs)",
  request: { params: z.strictObject({ month: MonthParam.openapi({ param: { name: 'month', in: 'path' } }) }) },
  responses: { 200: json(Statement, 'The statement'), ...errorResponses() },
});
export const exportStatementRoute = createRoute({
  method: 'get', path: '/api/v1/ciam/statements/{month}/csv', tags, security: BEARER, summary: "A month's statement as CSV (RFC 4180)",
  request: { params: z.strictObject({ month: MonthParam.openapi({ param: { name: 'month', in: 'path' } }) }) },
  responses: { 200: { description: 'The statement, one row per instance and a TOTAL row', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses() },
});
export const hourlyUsageRoute = createRoute({
  method: 'get', path: '/api/v1/ciam/instances/{instanceId}/usage/hourly', tags: ['CIAM usage'], security: BEARER, summary: "The hourly job's MAU snapshots of a month",
  request: { params: InstanceParams, query: z.strictObject({ month: MonthParam.optional() }) },
  responses: {
    200: json(z.object({ instanceId: z.string(), month: z.string(), snapshots: z.array(z.object({ hour: z.string(), mau: z.number().int(), takenAt: z.string() })) }), 'Snapshots in hour order'),
    ...errorResponses(404),
  },
});

export const billingRoutes = [listBillsRoute, listStatementsRoute, getStatementRoute, exportStatementRoute, hourlyUsageRoute];
