import { createRoute, z } from '@hono/zod-openapi';
import { MAX_THRESHOLDS } from '../../../domain/metering/usage-threshold';
import { BEARER, errorResponses, json, jsonBody } from '../management/schemas';
import { InstanceParams } from './schemas';

const tags = ['CIAM usage'];
const base = '/api/v1/ciam/instances/{instanceId}/usage';

const MonthlyUsage = z
  .object({
    instanceId: z.string(),
    month: z.string().openapi({ example: '2026-11' }),
    mau: z.number().int().openapi({ description: 'Accounts that logged on or refreshed a token in the month (UTC), each counted once.' }),
    newByDay: z.array(z.number().int()).openapi({
      description: "Accounts first active on each day of the month: index 0 is day 1, one entry per day of the month. MAU as of the end of day D is the sum of the first D entries.",
    }),
    applications: z.array(z.object({ applicationId: z.string(), mau: z.number().int() })).openapi({ description: 'Per application, accounts active at it in the month.' }),
  })
  .openapi('CiamMonthlyUsage');

const UsageQuery = z.strictObject({
  month: z.string().max(16).optional().openapi({ description: 'A UTC calendar month, YYYY-MM; the current month when absent.', example: '2026-11' }),
});

const Thresholds = z
  .object({
    instanceId: z.string(),
    thresholds: z.array(z.number().int()).openapi({ description: 'Ascending. Alerts are raised at 80 % and 100 % of each.' }),
    updatedAt: z.string().optional(),
  })
  .openapi('CiamUsageThresholds');

const SetThresholds = z
  .strictObject({
    thresholds: z.array(z.number()).openapi({ description: `Up to ${MAX_THRESHOLDS} distinct positive whole numbers of monthly active users; [] turns the alerts off.`, example: [10000, 50000] }),
  })
  .openapi('SetCiamUsageThresholds');

export const getUsageRoute = createRoute({
  method: 'get', path: base, tags, security: BEARER, summary: 'Monthly active users of a month: so far this month, or a past month',
  request: { params: InstanceParams, query: UsageQuery }, responses: { 200: json(MonthlyUsage, 'The month\'s usage'), ...errorResponses(404) },
});
export const getUsageThresholdsRoute = createRoute({
  method: 'get', path: `${base}/thresholds`, tags, security: BEARER, summary: 'The MAU thresholds alerts are raised for',
  request: { params: InstanceParams }, responses: { 200: json(Thresholds, 'Thresholds'), ...errorResponses(404) },
});
export const setUsageThresholdsRoute = createRoute({
  method: 'put', path: `${base}/thresholds`, tags, security: BEARER, summary: 'Replace the MAU thresholds alerts are raised for',
  request: { params: InstanceParams, body: jsonBody(SetThresholds) }, responses: { 200: json(Thresholds, 'The thresholds now set'), ...errorResponses(404, 409) },
});

export const usageRoutes = [getUsageRoute, getUsageThresholdsRoute, setUsageThresholdsRoute];
