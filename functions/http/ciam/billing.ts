import type { OpenAPIHono } from '@hono/zod-openapi';
import type { BillLine } from '../../../domain/billing/bill-line';
import { exportStatementCsv, getStatement, listBillLines, listStatements, type StatementView } from '../../../domain/billing/bill-use-cases';
import { getHourlyUsage } from '../../../domain/billing/mau-snapshot-use-cases';
import { formatUsd } from '../../../domain/billing/money';
import type { IssuedStatement } from '../../../domain/billing/ports';
import type { InstanceId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { orThrow } from '../management/api-error';
import type { ManagementEnv } from '../management/env';
import { withNextToken } from '../management/schemas';
import * as r from './billing-routes';

const presentLine = (l: BillLine) => ({
  instanceId: l.instanceId,
  day: l.day,
  edition: l.edition,
  hourlyFee: formatUsd(l.hourlyFee),
  billedHours: l.billedHours,
  editionFee: formatUsd(l.editionFee),
  mauToDate: l.mauToDate,
  newMau: l.newMau,
  mauCharge: formatUsd(l.mauCharge),
  total: formatUsd(l.total),
});

const presentStatement = (s: StatementView | (IssuedStatement & { status?: undefined })) => ({
  accountId: s.accountId,
  month: s.month,
  currency: s.currency,
  status: s.status ?? ('Issued' as const),
  ...('issuedAt' in s && s.issuedAt ? { issuedAt: s.issuedAt } : {}),
  instances: s.instances.map((i) => ({ ...i, editionFee: formatUsd(i.editionFee), mauCharge: formatUsd(i.mauCharge), total: formatUsd(i.total) })),
  total: formatUsd(s.total),
});

/** Bills and statements of the caller's account, and an instance's hourly MAU snapshots. */
export const registerBilling = (app: OpenAPIHono<ManagementEnv>, deps: () => Container) => {
  app.openapi(r.listBillsRoute, async (c) => {
    const { month, instanceId, maxResults, nextToken } = c.req.valid('query');
    const page = orThrow(await listBillLines(deps(), c.get('principal'), { month, instanceId }, { limit: maxResults, nextToken }));
    return c.json({ bills: page.items.map(presentLine), ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.listStatementsRoute, async (c) => {
    const { maxResults, nextToken } = c.req.valid('query');
    const page = orThrow(await listStatements(deps(), c.get('principal'), { limit: maxResults, nextToken }));
    return c.json({ statements: page.items.map(presentStatement), ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.getStatementRoute, async (c) => c.json(presentStatement(orThrow(await getStatement(deps(), c.get('principal'), c.req.valid('param').month))), 200));
  app.openapi(r.exportStatementRoute, async (c) => {
    const out = orThrow(await exportStatementCsv(deps(), c.get('principal'), c.req.valid('param').month));
    return c.body(out.csv, 200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${out.fileName}"`,
      'x-atrium-statement-status': out.status,
    });
  });
  app.openapi(r.hourlyUsageRoute, async (c) => {
    const instanceId = c.req.valid('param').instanceId as InstanceId;
    const out = orThrow(await getHourlyUsage(deps(), c.get('principal'), instanceId, c.req.valid('query').month));
    return c.json({ instanceId, month: out.month, snapshots: out.snapshots.map(({ hour, mau, takenAt }) => ({ hour, mau, takenAt })) }, 200);
  });
};
