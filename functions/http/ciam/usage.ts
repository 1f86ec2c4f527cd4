import type { OpenAPIHono } from '@hono/zod-openapi';
import type { UsageThresholds } from '../../../domain/metering/usage-threshold';
import { getMonthlyUsage, getUsageThresholds, setUsageThresholds } from '../../../domain/metering/usage-use-cases';
import type { InstanceId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { orThrow } from '../management/api-error';
import type { ManagementEnv } from '../management/env';
import * as r from './usage-routes';

const presentThresholds = (t: UsageThresholds) => ({ instanceId: t.instanceId, thresholds: [...t.thresholds], ...(t.updatedAt ? { updatedAt: t.updatedAt } : {}) });

/** An instance's monthly active users, and the thresholds its alerts are raised at. */
export const registerUsage = (app: OpenAPIHono<ManagementEnv>, deps: () => Container) => {
  const idOf = (p: { instanceId: string }) => p.instanceId as InstanceId;
  app.openapi(r.getUsageRoute, async (c) => {
    const usage = orThrow(await getMonthlyUsage(deps(), c.get('principal'), idOf(c.req.valid('param')), c.req.valid('query').month));
    return c.json({ ...usage, newByDay: [...usage.newByDay], applications: usage.applications.map((a) => ({ ...a })) }, 200);
  });
  app.openapi(r.getUsageThresholdsRoute, async (c) =>
    c.json(presentThresholds(orThrow(await getUsageThresholds(deps(), c.get('principal'), idOf(c.req.valid('param'))))), 200),
  );
  app.openapi(r.setUsageThresholdsRoute, async (c) =>
    c.json(presentThresholds(orThrow(await setUsageThresholds(deps(), c.get('principal'), idOf(c.req.valid('param')), c.req.valid('json').thresholds))), 200),
  );
};
