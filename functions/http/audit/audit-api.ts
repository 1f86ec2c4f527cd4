import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { auditCsvHeader, auditCsvRow } from '../../../domain/audit/audit-csv';
import { exportAuditEvents, getAuditSettings, queryAuditEvents, setAuditRetention, type TrailRef } from '../../../domain/audit/audit-use-cases';
import type { DirectoryId, InstanceId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { orThrow } from '../management/api-error';
import type { ManagementEnv } from '../management/env';
import { withNextToken } from '../management/schemas';
import type { z } from '@hono/zod-openapi';
import { accountAuditRoutes, directoryAuditRoutes, instanceAuditRoutes, type ExportQuery, type ListQuery } from './audit-routes';

type Routes = typeof directoryAuditRoutes | typeof instanceAuditRoutes | typeof accountAuditRoutes;

const filtersOf = (q: { from?: string | undefined; to?: string | undefined; actor?: string | undefined; action?: string | undefined; resource?: string | undefined; result?: 'Success' | 'Failure' | undefined; sourceIp?: string | undefined }) => ({
  from: q.from,
  to: q.to,
  actor: q.actor,
  action: q.action,
  resource: q.resource,
  result: q.result,
  sourceIp: q.sourceIp,
});

const trailOf = (c: Context): TrailRef => {
  const directoryId = c.req.param('directoryId');
  if (directoryId) return { type: 'directory', id: directoryId as DirectoryId };
  const instanceId = c.req.param('instanceId');
  if (instanceId) return { type: 'instance', id: instanceId as InstanceId };
  return { type: 'account' };
};

/**
 * One kind of trail's query, export and retention routes, on the area's management app. Every route
 * calls the audit use cases, which decide who may read which tenant's trail.
 */
export const registerAuditTrail = (app: OpenAPIHono<ManagementEnv>, deps: () => Container, routes: Routes) => {
  const r = routes as typeof accountAuditRoutes;
  // The three kinds share handlers; their params differ, so the query is typed here.
  app.openapi(r.list, async (c) => {
    const q = c.req.valid('query' as never) as z.infer<typeof ListQuery>;
    const page = orThrow(await queryAuditEvents(deps(), c.get('principal'), trailOf(c), filtersOf(q), { limit: q.maxResults, nextToken: q.nextToken }));
    return c.json({ events: page.items as never[], ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.export, async (c) => {
    const q = c.req.valid('query' as never) as z.infer<typeof ExportQuery>;
    const page = orThrow(await exportAuditEvents(deps(), c.get('principal'), trailOf(c), filtersOf(q), { limit: q.maxResults, nextToken: q.nextToken }));
    const body = q.format === 'csv' ? auditCsvHeader() + page.items.map(auditCsvRow).join('') : page.items.map((e) => `${JSON.stringify(e)}\n`).join('');
    return c.body(body, 200, {
      'content-type': q.format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="audit-events.${q.format === 'csv' ? 'csv' : 'jsonl'}"`,
      ...(page.nextToken ? { 'X-Next-Token': page.nextToken } : {}),
    }) as never;
  });
  app.openapi(r.getSettings, async (c) => c.json(orThrow(await getAuditSettings(deps(), c.get('principal'), trailOf(c))), 200));
  app.openapi(r.putSettings, async (c) =>
    c.json(orThrow(await setAuditRetention(deps(), c.get('principal'), trailOf(c), (c.req.valid('json' as never) as { retentionDays: number }).retentionDays)), 200),
  );
};
