import { beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../functions/schedule';
import { createBillingDailyHandler, createBillingHourlyHandler, createBillingMonthlyHandler } from '../../functions/schedule/billing';
import { createMeteringHandler } from '../../functions/queue/metering';
import { logonSucceeded } from '../../events/logon-succeeded';
import { apiWithWorkers } from '../support/access-world';
import { freshTable } from '../support/db';
import { sqsEvent } from '../support/sqs';

// November 2026 billed end to end: instances bought and released mid-month through the API, logons
// metered by the real consumer, the jobs run as the schedules run them, bills read through the API.
type World = Awaited<ReturnType<typeof setUp>>;
let world: World;

const setUp = async () => {
  const { table } = await freshTable();
  const { api, queue } = apiWithWorkers(table);
  const deps = () => api.container;
  const shop = await api.openAccount('Shop Corp');
  const other = await api.openAccount('Other Corp');
  const buy = async (key: string, edition: string, at: string) => {
    api.clock.set(at);
    const res = await api.call('POST', '/api/v1/ciam/instances', { key, body: { region: 'cn-hangzhou', edition } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    await queue.idle();
    return res.json.instance.instanceId as string;
  };
  const meter = async (logons: readonly { instanceId: string; customerId: string; at: string; applicationId?: string }[]) => {
    const event = sqsEvent(
      logons.map((l) => logonSucceeded({ instanceId: l.instanceId, applicationId: l.applicationId ?? 'app_web', customerId: l.customerId, method: 'Password', at: l.at })),
    );
    const out = await createMeteringHandler(deps)(event);
    expect(out.batchItemFailures).toEqual([]);
  };
  const hourly = createBillingHourlyHandler(deps);
  const daily = createBillingDailyHandler(deps);
  const monthly = createBillingMonthlyHandler(deps);
  return { api, queue, shop, other, buy, meter, hourly, daily, monthly };
};

let basic: string; // Shop Corp, bought 10 Nov 10:20, released 20 Nov 13:05
let enterprise: string; // Shop Corp, bought 1 Nov 00:00, runs on
let foreign: string; // Other Corp

beforeAll(async () => {
  world = await setUp();
  enterprise = await world.buy(world.shop.key, 'Enterprise', '2026-11-01T00:00:00.000Z');
  foreign = await world.buy(world.other.key, 'Basic', '2026-11-05T00:00:00.000Z');
  basic = await world.buy(world.shop.key, 'Basic', '2026-11-10T10:20:00.000Z');
  world.api.clock.set('2026-11-20T13:05:00.000Z');
  expect((await world.api.call('DELETE', `/api/v1/ciam/instances/${basic}`, { key: world.shop.key })).status).toBe(200);

  // Enterprise: 3 accounts on 1 Nov (one logs on twice), 2 more on 2 Nov, one of the first again on 3
  // Nov; a last one at the very end of November, and one just into December.
  world.api.clock.set('2026-12-01T00:05:00.000Z');
  const e = (customerId: string, at: string, applicationId?: string) => ({ instanceId: enterprise, customerId, at, ...(applicationId ? { applicationId } : {}) });
  await world.meter([
    e('c1', '2026-11-01T08:00:00.000Z'),
    e('c2', '2026-11-01T09:00:00.000Z'),
    e('c3', '2026-11-01T23:59:59.999Z'),
    e('c1', '2026-11-01T10:00:00.000Z', 'app_mobile'),
    e('c4', '2026-11-02T00:00:00.000Z'),
    e('c5', '2026-11-02T12:00:00.000Z'),
    e('c1', '2026-11-03T12:00:00.000Z'),
    e('c6', '2026-11-30T23:59:59.000Z'),
    e('c7', '2026-12-01T00:00:00.000Z'),
    { instanceId: basic, customerId: 'b1', at: '2026-11-12T12:00:00.000Z' },
    { instanceId: foreign, customerId: 'f1', at: '2026-11-06T12:00:00.000Z' },
  ]);
}, 120_000);

const get = (path: string, key = world.shop.key) => world.api.call('GET', path, { key });

describe('the daily job', () => {
  it('bills the hours each instance was in service that day and the MAU charge accrued', async () => {
    const run = await world.daily({ date: '2026-11-10' });
    expect(run).toMatchObject({ day: '2026-11-10', instances: 3, lines: 3 });
    const res = await get('/api/v1/ciam/bills?month=2026-11');
    expect(res.status).toBe(200);
    const byInstance = Object.fromEntries(res.json.bills.filter((l: { day: string }) => l.day === '2026-11-10').map((l: { instanceId: string }) => [l.instanceId, l]));
    // Bought at 10:20: hours 10 to 23 are started hours of service.
    expect(byInstance[basic]).toMatchObject({ edition: 'Basic', hourlyFee: '3.00', billedHours: 14, editionFee: '42.00', mauToDate: 0, newMau: 0, mauCharge: '0.00', total: '42.00' });
    expect(byInstance[enterprise]).toMatchObject({ billedHours: 24, editionFee: '384.00' });
    // Another account's instance is never on this account's bill.
    expect(byInstance[foreign]).toBeUndefined();
  });

  it('refuses a day that has not ended and a malformed one, clearly, writing nothing', async () => {
    world.api.clock.set('2026-12-01T00:05:00.000Z');
    await expect(world.daily({ date: '2026-12-01' })).rejects.toThrow('Billing.PeriodNotOver');
    await expect(world.daily({ date: '2026-11-31' })).rejects.toThrow('InvalidParameter.Period');
    await expect(world.monthly({ month: '2026-13' })).rejects.toThrow('InvalidParameter.Period');
    await expect(world.hourly({ hour: '2026-11-30T24' })).rejects.toThrow('InvalidParameter.Period');
    // The same jobs are what `npm run job` and the schedules call.
    expect(Object.keys(jobs)).toEqual(expect.arrayContaining(['billing-hourly', 'billing-daily', 'billing-monthly']));
    expect((await get('/api/v1/ciam/bills?month=2026-12')).json.bills).toEqual([]);
  });
});

describe('the monthly statement', () => {
  it('sums every day of the month: edition hours as run, MAU at the graduated tiers, each account its own', async () => {
    world.api.clock.set('2026-12-01T02:00:00.000Z');
    const run = await world.monthly({ month: '2026-11' });
    expect(run.days).toBe(30);
    const statement = await get('/api/v1/ciam/statements/2026-11');
    expect(statement.status).toBe(200);
    expect(statement.json).toMatchObject({ month: '2026-11', currency: 'USD', status: 'Issued' });
    const lines = Object.fromEntries(statement.json.instances.map((i: { instanceId: string }) => [i.instanceId, i]));
    // 10 Nov 10:00-24:00 (14 h), 11-19 Nov (9 × 24 h), 20 Nov 00:00-14:00 (14 h; released at 13:05).
    expect(lines[basic]).toMatchObject({ edition: 'Basic', billedHours: 14 + 9 * 24 + 14, editionFee: '732.00', mau: 1, mauCharge: '0.24', total: '732.24' });
    // All 30 days; 6 accounts active in November (c7 is December's), at 0.24 each.
    expect(lines[enterprise]).toMatchObject({ edition: 'Enterprise', billedHours: 720, editionFee: '11520.00', mau: 6, mauCharge: '1.44', total: '11521.44' });
    expect(statement.json.total).toBe('12253.68');
    expect(Object.keys(lines).sort()).toEqual([basic, enterprise].sort());
    const theirs = await get('/api/v1/ciam/statements/2026-11', world.other.key);
    expect(theirs.json.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual([foreign]);
    // Bought 5 Nov 00:00, running on: 26 days.
    expect(theirs.json.instances[0]).toMatchObject({ billedHours: 26 * 24, editionFee: '1872.00', mau: 1, total: '1872.24' });
  });

  it('the daily lines accrue the MAU charge day by day and add up to the statement', async () => {
    const lines: { day: string; newMau: number; mauToDate: number; mauCharge: string }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await get(`/api/v1/ciam/bills?month=2026-11&instanceId=${enterprise}&maxResults=7${nextToken ? `&nextToken=${nextToken}` : ''}`);
      expect(page.status).toBe(200);
      lines.push(...page.json.bills);
      nextToken = page.json.nextToken;
    } while (nextToken);
    expect(lines.map((l) => l.day)).toEqual(Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`));
    expect(lines.slice(0, 3).map((l) => [l.newMau, l.mauToDate, l.mauCharge])).toEqual([
      [3, 3, '0.72'],
      [2, 5, '0.48'],
      [0, 5, '0.00'],
    ]);
    expect(lines[29]).toMatchObject({ newMau: 1, mauToDate: 6, mauCharge: '0.24' });
  });

  it('re-running the month changes nothing, not even the issue time', async () => {
    const before = (await get('/api/v1/ciam/statements/2026-11')).json;
    const linesBefore = (await get('/api/v1/ciam/bills?month=2026-11&maxResults=100')).json;
    world.api.clock.set('2026-12-02T09:00:00.000Z');
    await world.monthly({ month: '2026-11' });
    await world.daily({ date: '2026-11-15' });
    expect((await get('/api/v1/ciam/statements/2026-11')).json).toEqual(before);
    expect((await get('/api/v1/ciam/bills?month=2026-11&maxResults=100')).json).toEqual(linesBefore);
    const listed = await get('/api/v1/ciam/statements');
    expect(listed.json.statements.map((s: { month: string }) => s.month)).toEqual(['2026-11']);
  });

  it('exports the statement as CSV with a TOTAL row', async () => {
    const res = await world.api.gateway.request('/api/v1/ciam/statements/2026-11/csv', { headers: { authorization: `Bearer ${world.shop.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="atrium-statement-${world.shop.accountId}-2026-11.csv"`);
    const rows = (await res.text()).trimEnd().split('\r\n');
    expect(rows[0]).toBe('account_id,month,instance_id,edition,billed_hours,edition_fee_usd,mau,mau_charge_usd,total_usd');
    expect(rows).toContain(`${world.shop.accountId},2026-11,${basic},Basic,244,732.00,1,0.24,732.24`);
    expect(rows.at(-1)).toMatch(/^.*TOTAL.*,12253\.68$/);
  });

  it("shows the running month's statement as Open, and refuses a month that has not ended", async () => {
    world.api.clock.set('2026-12-02T09:00:00.000Z');
    await world.daily({ date: '2026-12-01' });
    const open = await get('/api/v1/ciam/statements/2026-12');
    expect(open.json).toMatchObject({ status: 'Open' });
    expect(open.json.issuedAt).toBeUndefined();
    const december = Object.fromEntries(open.json.instances.map((i: { instanceId: string }) => [i.instanceId, i]));
    expect(december[enterprise]).toMatchObject({ billedHours: 24, mau: 1, mauCharge: '0.24' });
    expect(december[basic]).toBeUndefined();
    await expect(world.monthly({ month: '2026-12' })).rejects.toThrow('Billing.PeriodNotOver');
  });
});

describe('the bill API', () => {
  it('answers bad months and foreign cursors in the API error format', async () => {
    const bad = await get('/api/v1/ciam/statements/2026-13');
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('InvalidParameter.Month');
    const whole = await get('/api/v1/ciam/bills?month=2026-11&maxResults=2');
    // The cursor stops inside one instance's lines; it may not start the other's listing.
    const at = JSON.parse(Buffer.from(whole.json.nextToken, 'base64url').toString('utf8')).sk as string;
    const otherInstance = at.startsWith(`${enterprise}#`) ? basic : enterprise;
    const misused = await get(`/api/v1/ciam/bills?month=2026-11&instanceId=${otherInstance}&nextToken=${whole.json.nextToken}`);
    expect(misused.status).toBe(400);
    expect(misused.json.code).toBe('InvalidParameter.NextToken');
    const theirs = await get(`/api/v1/ciam/bills?month=2026-11&nextToken=${whole.json.nextToken}`, world.other.key);
    expect(theirs.status).toBe(400);
  });

  it('lets the owner and billing readers in; IDaaS administrators without a billing policy get 403', async () => {
    const admin = async (name: string, policies: string[]) => {
      const created = await world.api.call('POST', '/api/v1/administrators', { key: world.shop.key, body: { name, policies } });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      return (await world.api.call('POST', `/api/v1/administrators/${created.json.id}/api-keys`, { key: world.shop.key })).json.secret as string;
    };
    const finance = await admin('finance', ['AliyunBSSReadOnlyAccess']);
    const idaas = await admin('idaas-admin', ['AliyunYundunIdaasFullAccess']);
    expect((await get('/api/v1/ciam/statements/2026-11', finance)).json.total).toBe('12253.68');
    expect((await get('/api/v1/ciam/bills?month=2026-11', finance)).status).toBe(200);
    for (const path of ['/api/v1/ciam/statements/2026-11', '/api/v1/ciam/bills?month=2026-11', '/api/v1/ciam/statements', '/api/v1/ciam/statements/2026-11/csv']) {
      const denied = await get(path, idaas);
      expect(denied.status, path).toBe(403);
      expect(denied.json.code).toBe('Forbidden');
    }
  });
});

describe('the hourly job', () => {
  it('snapshots MAU and raises each threshold alert once, at 80 % and at 100 %', async () => {
    const set = await world.api.call('PUT', `/api/v1/ciam/instances/${enterprise}/usage/thresholds`, { key: world.shop.key, body: { thresholds: [6, 100] } });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    world.api.clock.set('2026-11-30T23:10:00.000Z');
    const run = await world.hourly({ hour: '2026-11-30T22' });
    expect(run).toMatchObject({ hour: '2026-11-30T22', instances: 2, alertsRaised: 2 });
    const alerts = world.api.usageAlerts.list().filter((a) => a.instanceId === enterprise);
    expect(alerts.map((a) => [a.threshold, a.percent, a.mau])).toEqual([
      [6, 100, 6],
      [6, 80, 6],
    ]);
    expect(alerts[0]).toMatchObject({ type: 'usage.threshold-reached', version: 1, accountId: world.shop.accountId, month: '2026-11' });
    // Again: a new snapshot, no new alert.
    expect(await world.hourly({ hour: '2026-11-30T23' })).toMatchObject({ alertsRaised: 0 });
    expect(world.api.usageAlerts.list().filter((a) => a.instanceId === enterprise)).toHaveLength(2);
    const hourly = await get(`/api/v1/ciam/instances/${enterprise}/usage/hourly?month=2026-11`);
    expect(hourly.json.snapshots.map((s: { hour: string; mau: number }) => [s.hour, s.mau])).toEqual([
      ['2026-11-30T22', 6],
      ['2026-11-30T23', 6],
    ]);
  });

  it('retries an alert whose publication failed on the next run', async () => {
    const instance = await world.buy(world.other.key, 'Basic', '2026-11-20T00:00:00.000Z');
    await world.api.call('PUT', `/api/v1/ciam/instances/${instance}/usage/thresholds`, { key: world.other.key, body: { thresholds: [1] } });
    world.api.clock.set('2026-11-21T00:10:00.000Z');
    await world.meter([{ instanceId: instance, customerId: 'x1', at: '2026-11-20T12:00:00.000Z' }]);
    const publish = world.api.usageAlerts.publish.bind(world.api.usageAlerts);
    let fail = true;
    world.api.usageAlerts.publish = async (alert) => {
      if (fail) throw new Error('topic unavailable');
      return publish(alert);
    };
    try {
      await expect(world.hourly({ hour: '2026-11-20T23' })).rejects.toThrow('topic unavailable');
      fail = false;
      expect(await world.hourly({ hour: '2026-11-20T23' })).toMatchObject({ alertsRaised: 2 });
    } finally {
      world.api.usageAlerts.publish = publish;
    }
    expect(world.api.usageAlerts.list().filter((a) => a.instanceId === instance).map((a) => a.percent).sort()).toEqual([100, 80]);
  });
});
