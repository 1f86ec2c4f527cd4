import { beforeAll, describe, expect, it } from 'vitest';
import { addMonths, dayOfMonth, dayOf, daysInMonth, monthOf, monthStart } from '../../domain/metering/activity-period';
import { logonSucceeded } from '../../events/logon-succeeded';
import { buildOpenApiDocument } from '../../functions/http/meta';
import { createMeteringHandler } from '../../functions/queue/metering';
import { apiWithWorkers } from '../support/access-world';
import { freshTable } from '../support/db';
import { sqsEvent } from '../support/sqs';

let world: Awaited<ReturnType<typeof setUp>>;

const setUp = async () => {
  const { table } = await freshTable();
  const { api, queue } = apiWithWorkers(table);
  const root = await api.openAccount('Usage Corp');
  const buy = async () => {
    const res = await api.call('POST', '/api/v1/ciam/instances', { key: root.key, body: { region: 'cn-hangzhou', edition: 'Enterprise' } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.instance.instanceId as string;
  };
  const [a, b, released] = [await buy(), await buy(), await buy()];
  await queue.idle();
  expect((await api.call('DELETE', `/api/v1/ciam/instances/${released}`, { key: root.key })).status).toBe(200);
  const admin = async (name: string, policies: string[] = [], role?: { instanceId: string; role: string }) => {
    const created = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name, policies } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    if (role) {
      const added = await api.call('POST', `/api/v1/ciam/instances/${role.instanceId}/administrators`, { key: root.key, body: { administratorId: created.json.id, role: role.role } });
      expect(added.status, JSON.stringify(added.json)).toBe(201);
    }
    const key = await api.call('POST', `/api/v1/administrators/${created.json.id}/api-keys`, { key: root.key });
    return key.json.secret as string;
  };
  const keys = {
    root: root.key,
    policyReader: await admin('policy-reader', ['AliyunYundunIdaasReadOnlyAccess']),
    roleReader: await admin('role-reader', [], { instanceId: a, role: 'ReadOnly' }),
    superOfA: await admin('super-a', [], { instanceId: a, role: 'SuperAdministrator' }),
    superOfB: await admin('super-b', [], { instanceId: b, role: 'SuperAdministrator' }),
    stranger: (await api.openAccount('Stranger Corp')).key,
  };

  // Logons metered through the real consumer: two accounts this month (one on two applications), one last month.
  const now = api.clock.now();
  const thisMonth = monthOf(now);
  const lastMonth = addMonths(thisMonth, -1);
  const lastMonthsLastDay = new Date(monthStart(thisMonth).getTime() - 14 * 3_600_000);
  const earlier = new Date(now.getTime() - 3_600_000);
  const body = (instanceId: string, customerId: string, applicationId: string, at: Date) =>
    JSON.stringify(logonSucceeded({ instanceId, applicationId, customerId, method: 'Password', at: at.toISOString() }));
  const event = sqsEvent([
      body(a, 'user_ann', 'app_shop', earlier),
      body(a, 'user_ann', 'app_blog', earlier),
      body(a, 'user_bob', 'app_shop', earlier),
      body(a, 'user_bob', 'app_shop', earlier),
      body(a, 'user_cyd', 'app_shop', lastMonthsLastDay),
      body(b, 'user_dan', 'app_other', earlier),
  ]);
  expect((await createMeteringHandler(() => api.container)(event)).batchItemFailures).toEqual([]);
  return { api, a, b, released, keys, thisMonth, lastMonth, today: dayOfMonth(dayOf(earlier)), lastMonthsLastDay };
};

beforeAll(async () => {
  world = await setUp();
});

const get = (path: string, key: string) => world.api.call('GET', path, { key });
const usagePath = (instanceId: string, query = '') => `/api/v1/ciam/instances/${instanceId}/usage${query}`;

describe('CIAM usage API', () => {
  it("answers this month's MAU so far by default: per day and per application", async () => {
    const res = await get(usagePath(world.a), world.keys.root);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const newByDay = Array<number>(daysInMonth(world.thisMonth)).fill(0);
    newByDay[world.today - 1] = 2;
    expect(res.json).toEqual({
      instanceId: world.a,
      month: world.thisMonth,
      mau: 2,
      newByDay,
      applications: [
        { applicationId: 'app_blog', mau: 1 },
        { applicationId: 'app_shop', mau: 2 },
      ],
    });
  });

  it('answers a past month given as YYYY-MM', async () => {
    const res = await get(usagePath(world.a, `?month=${world.lastMonth}`), world.keys.root);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ month: world.lastMonth, mau: 1, applications: [{ applicationId: 'app_shop', mau: 1 }] });
    expect(res.json.newByDay).toHaveLength(daysInMonth(world.lastMonth));
    expect(res.json.newByDay.at(-1)).toBe(1);
    // A month with nothing metered reads as zeros.
    const quiet = await get(usagePath(world.a, `?month=${addMonths(world.thisMonth, -6)}`), world.keys.root);
    expect(quiet.json).toMatchObject({ mau: 0, applications: [] });
  });

  it("lets the instance's readers see it: the read-only policy, a read-only role; a released instance's usage stays readable", async () => {
    for (const key of [world.keys.policyReader, world.keys.roleReader, world.keys.superOfA]) {
      const res = await get(usagePath(world.a), key);
      expect(res.status).toBe(200);
      expect(res.json.mau).toBe(2);
    }
    const released = await get(usagePath(world.released), world.keys.root);
    expect(released.status).toBe(200);
    expect(released.json.mau).toBe(0);
  });

  it("is 404 to another instance's administrator and to another account, and each instance sees only its own", async () => {
    for (const key of [world.keys.superOfB, world.keys.stranger]) {
      for (const path of [usagePath(world.a), usagePath(world.a, '/thresholds')]) {
        const res = await get(path, key);
        expect(res.status, path).toBe(404);
        expect(res.json.code).toBe('EntityNotExists.Instance');
      }
      const put = await world.api.call('PUT', usagePath(world.a, '/thresholds'), { key, body: { thresholds: [10] } });
      expect(put.status).toBe(404);
    }
    const b = await get(usagePath(world.b), world.keys.superOfB);
    expect(b.json).toMatchObject({ instanceId: world.b, mau: 1, applications: [{ applicationId: 'app_other', mau: 1 }] });
  });

  it('refuses a month that is not YYYY-MM, and unknown parameters, in the API error format', async () => {
    for (const month of ['2026-13', '2026-00', '2026-1', 'this', '2026-11-01']) {
      const res = await get(usagePath(world.a, `?month=${month}`), world.keys.root);
      expect(res.status, month).toBe(400);
      expect(res.json).toMatchObject({ code: 'InvalidParameter.Month', message: expect.stringContaining('YYYY-MM'), requestId: expect.any(String) });
    }
    const unknown = await get(usagePath(world.a, '?mnth=2026-11'), world.keys.root);
    expect(unknown.status).toBe(400);
    expect(unknown.json.code).toBe('InvalidParameter');
  });

  it('keeps the MAU thresholds an administrator sets, sorted; readers may read them, not change them', async () => {
    const path = usagePath(world.a, '/thresholds');
    expect((await get(path, world.keys.root)).json).toEqual({ instanceId: world.a, thresholds: [] });
    const set = await world.api.call('PUT', path, { key: world.keys.superOfA, body: { thresholds: [50_000, 10_000, 2] } });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    expect(set.json).toEqual({ instanceId: world.a, thresholds: [2, 10_000, 50_000], updatedAt: world.api.clock.now().toISOString() });
    expect((await get(path, world.keys.roleReader)).json.thresholds).toEqual([2, 10_000, 50_000]);
    const denied = await world.api.call('PUT', path, { key: world.keys.roleReader, body: { thresholds: [1] } });
    expect(denied.status).toBe(403);
    expect(denied.json.message).toContain('idaas:SetUsageThresholds');
    // Another instance keeps its own (none).
    expect((await get(usagePath(world.b, '/thresholds'), world.keys.root)).json.thresholds).toEqual([]);
    // [] turns the alerts off.
    expect((await world.api.call('PUT', path, { key: world.keys.root, body: { thresholds: [] } })).json.thresholds).toEqual([]);
  });

  it('refuses invalid thresholds, changing nothing', async () => {
    const path = usagePath(world.a, '/thresholds');
    await world.api.call('PUT', path, { key: world.keys.root, body: { thresholds: [100] } });
    for (const [thresholds, message] of [
      [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'At most 10'],
      [[0], 'from 1'],
      [[-3], 'from 1'],
      [[2.5], 'whole numbers'],
      [[100, 100], 'distinct'],
    ] as const) {
      const res = await world.api.call('PUT', path, { key: world.keys.root, body: { thresholds } });
      expect(res.status, JSON.stringify(thresholds)).toBe(400);
      expect(res.json.code).toBe('InvalidParameter.Thresholds');
      expect(res.json.message).toContain(message);
    }
    for (const body of [{ thresholds: ['100'] }, { thresholds: 100 }, {}, { thresholds: [100], alerts: true }]) {
      const res = await world.api.call('PUT', path, { key: world.keys.root, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe('InvalidParameter');
    }
    expect((await get(path, world.keys.root)).json.thresholds).toEqual([100]);
    // Thresholds are a change: not on a released instance.
    const released = await world.api.call('PUT', usagePath(world.released, '/thresholds'), { key: world.keys.root, body: { thresholds: [5] } });
    expect(released.status).toBe(409);
    expect(released.json.code).toBe('OperationConflict.InstanceReleased');
  });

  it('is documented in the OpenAPI document', () => {
    const paths = buildOpenApiDocument().paths ?? {};
    expect(Object.keys(paths['/api/v1/ciam/instances/{instanceId}/usage'] ?? {})).toEqual(['get']);
    expect(Object.keys(paths['/api/v1/ciam/instances/{instanceId}/usage/thresholds'] ?? {}).sort()).toEqual(['get', 'put']);
  });
});
