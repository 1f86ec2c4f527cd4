import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../functions/http/meta';
import { auditedRouteMatcher, MANAGEMENT_AUDITED_ROUTES, SCIM_AUDITED_ROUTES } from '../../../functions/http/audit/audited-routes';

const MUTATING = ['post', 'put', 'patch', 'delete'];

describe('the audited routes', () => {
  const doc = buildOpenApiDocument() as unknown as { paths: Record<string, Record<string, unknown>> };
  const mutating = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => MUTATING.includes(m)).map((m) => `${m.toUpperCase()} ${path}`));

  it('cover every state-changing route of the management API, and only routes that exist', () => {
    const audited = MANAGEMENT_AUDITED_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(mutating.filter((r) => !audited.includes(r))).toEqual([]);
    expect(audited.filter((r) => !mutating.includes(r))).toEqual([]);
  });

  it('name each action once per route, as service:Operation', () => {
    for (const r of [...MANAGEMENT_AUDITED_ROUTES, ...SCIM_AUDITED_ROUTES]) expect(r.action).toMatch(/^[a-z]+:[A-Z][A-Za-z]+$/);
    const keys = MANAGEMENT_AUDITED_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('match a request to its route and read its parameters', () => {
    const match = auditedRouteMatcher(MANAGEMENT_AUDITED_ROUTES);
    expect(match('DELETE', '/api/v1/cloudsso/directories/d-1/groups/g-2/members/u-3')).toMatchObject({
      route: { action: 'cloudsso:RemoveUserFromGroup' },
      params: { directoryId: 'd-1', groupId: 'g-2', userId: 'u-3' },
    });
    expect(match('POST', '/api/v1/ciam/instances/idaas_1/accounts:import')?.route.action).toBe('idaas:ImportUsers');
    expect(match('POST', '/api/v1/ciam/instances/idaas_1/accounts')?.route.action).toBe('idaas:CreateUser');
    expect(match('GET', '/api/v1/cloudsso/directories/d-1/users')).toBeUndefined();
  });
});
