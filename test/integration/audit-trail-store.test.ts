import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditSettingsRepository } from '../../adapters/dynamodb/audit-settings-repository';
import { DynamoAuditTrail, auditEventKey } from '../../adapters/dynamodb/audit-trail';
import type { Table } from '../../adapters/dynamodb/table';
import type { AuditEvent, AuditTenant } from '../../domain/audit/audit-event';
import type { AuditQuery } from '../../domain/audit/audit-query';
import type { Page } from '../../domain/shared/page';
import type { Result } from '../../domain/shared/result';
import { freshTable } from '../support/db';
import { manualClock } from '../support/clock';

const A: AuditTenant = { type: 'directory', id: 'd-aaaa' };
const B: AuditTenant = { type: 'directory', id: 'd-bbbb' };
const START = '2031-03-01T22:00:00.000Z';

let table: Table;
let clock: ReturnType<typeof manualClock>;
let trail: DynamoAuditTrail;
let settings: DynamoAuditSettingsRepository;
const written: AuditEvent[] = [];

const draft = (tenant: AuditTenant, i: number): Omit<AuditEvent, 'id' | 'time'> => ({
  tenant,
  actor: { type: 'User', id: `u-${i % 5}`, name: `user${i % 5}@example.com`, authenticatedBy: 'Password' },
  source: { ip: `192.0.2.${i % 3}` },
  channel: 'Portal',
  action: i % 4 === 0 ? 'portal:Logout' : 'portal:PasswordLogon',
  resources: [{ type: 'Account', id: `acct-${i % 7}` }],
  result: i % 6 === 0 ? 'Failure' : 'Success',
  requestId: `req-${i}`,
});

const all = async (read: (token: string | undefined) => Promise<Result<Page<AuditEvent>, unknown>>) => {
  const out: AuditEvent[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await read(token);
    if (!page.ok) throw new Error('page refused');
    out.push(...page.value.items);
    token = page.value.nextToken;
    pages++;
  } while (token && pages < 500);
  return { events: out, pages };
};

const range: AuditQuery = { from: '2031-03-01T00:00:00.000Z', to: '2031-03-04T00:00:00.000Z' };

beforeAll(async () => {
  table = (await freshTable()).table;
  clock = manualClock(START);
  settings = new DynamoAuditSettingsRepository(table, clock);
  trail = new DynamoAuditTrail(table, clock, settings);
  // 120 events over three UTC days (22:00 on day 1 to past midnight twice), some in another tenant.
  for (let i = 0; i < 120; i++) {
    const event = trail.newEvent(draft(i % 10 === 9 ? B : A, i));
    await trail.record(event);
    written.push(event);
    clock.advance(17 * 60_000 + 13_000);
  }
});

const ofA = () => written.filter((e) => e.tenant.id === A.id);
const newestFirst = (events: readonly AuditEvent[]) => [...events].sort((x, y) => (x.time === y.time ? (x.id < y.id ? 1 : -1) : x.time < y.time ? 1 : -1));

describe('the audit trail store', () => {
  it('pages a tenant newest first, exactly, across days and shards', async () => {
    const { events, pages } = await all((t) => trail.query(A, range, { limit: 7, nextToken: t }));
    expect(events.map((e) => e.id)).toEqual(newestFirst(ofA()).map((e) => e.id));
    expect(pages).toBeGreaterThan(10);
    expect(new Set(events.map((e) => e.time.slice(0, 10))).size).toBe(3);
  });

  it('exports oldest first, the same events', async () => {
    const { events } = await all((t) => trail.exportPage(A, range, { limit: 11, nextToken: t }));
    expect(events.map((e) => e.id)).toEqual(newestFirst(ofA()).reverse().map((e) => e.id));
  });

  it.each<[string, Partial<AuditQuery>, (e: AuditEvent) => boolean]>([
    ['actor id', { actor: 'u-3' }, (e) => e.actor.id === 'u-3'],
    ['actor name', { actor: 'user2@example.com' }, (e) => e.actor.name === 'user2@example.com'],
    ['action', { action: 'portal:Logout' }, (e) => e.action === 'portal:Logout'],
    ['action prefix', { action: 'portal:Pass*' }, (e) => e.action.startsWith('portal:Pass')],
    ['service', { action: 'portal' }, (e) => e.action.startsWith('portal:')],
    ['resource', { resource: 'acct-4' }, (e) => e.resources.some((r) => r.id === 'acct-4')],
    ['result', { result: 'Failure' }, (e) => e.result === 'Failure'],
    ['source ip', { sourceIp: '192.0.2.1' }, (e) => e.source.ip === '192.0.2.1'],
    ['all at once', { actor: 'u-1', result: 'Success', sourceIp: '192.0.2.2' }, (e) => e.actor.id === 'u-1' && e.result === 'Success' && e.source.ip === '192.0.2.2'],
  ])('filters by %s', async (_what, filters, keep) => {
    const { events } = await all((t) => trail.query(A, { ...range, ...filters }, { limit: 4, nextToken: t }));
    const expected = newestFirst(ofA().filter(keep));
    expect(expected.length).toBeGreaterThan(0);
    expect(events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
  });

  it('keeps to the time range, to the millisecond', async () => {
    const inner = ofA().slice(10, 30);
    const q = { from: inner[0]!.time, to: inner[inner.length - 1]!.time };
    const { events } = await all((t) => trail.query(A, q, { limit: 50, nextToken: t }));
    expect(events.map((e) => e.id)).toEqual(newestFirst(inner).map((e) => e.id));
  });

  it('a read budget ends pages early without losing or repeating an event', async () => {
    const tight = new DynamoAuditTrail(table, clock, settings, { query: { items: 9, queries: 9 }, export: { items: 9, queries: 9 } });
    const rare = { ...range, actor: 'u-4', result: 'Failure' as const };
    const expected = newestFirst(ofA().filter((e) => e.actor.id === 'u-4' && e.result === 'Failure'));
    const { events, pages } = await all((t) => tight.query(A, rare, { limit: 3, nextToken: t }));
    expect(events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(pages).toBeGreaterThan(expected.length / 3 + 1);
    const exported = await all((t) => tight.exportPage(A, range, { limit: 5, nextToken: t }));
    expect(exported.events.map((e) => e.id)).toEqual(newestFirst(ofA()).reverse().map((e) => e.id));
  });

  it("never shows another tenant's events, nor takes a token from another listing", async () => {
    const b = await all((t) => trail.query(B, range, { limit: 5, nextToken: t }));
    expect(b.events.length).toBe(written.filter((e) => e.tenant.id === B.id).length);
    expect(b.events.every((e) => e.tenant.id === B.id)).toBe(true);
    const first = await trail.query(A, range, { limit: 2 });
    if (!first.ok) throw new Error('refused');
    expect((await trail.query(B, range, { limit: 2, nextToken: first.value.nextToken })).ok).toBe(false);
    expect((await trail.query(A, { ...range, actor: 'u-1' }, { limit: 2, nextToken: first.value.nextToken })).ok).toBe(false);
    expect((await trail.exportPage(A, range, { limit: 2, nextToken: first.value.nextToken })).ok).toBe(false);
    expect((await trail.query(A, range, { limit: 2, nextToken: 'not-a-token!' })).ok).toBe(false);
  });

  it('expires events after the tenant\'s retention (DynamoDB TTL), 180 days unless set', async () => {
    const ttlOf = async (e: AuditEvent) => Number((await table.get(auditEventKey(e)))?.ttl);
    const first = written[0]!;
    expect(await ttlOf(first)).toBe(Math.floor(Date.parse(first.time) / 1000) + 180 * 86_400);
    const C: AuditTenant = { type: 'instance', id: 'idaas_cccc' };
    await settings.put(C, { retentionDays: 30 });
    const event = trail.newEvent(draft(C, 1));
    await trail.record(event);
    expect(await ttlOf(event)).toBe(Math.floor(Date.parse(event.time) / 1000) + 30 * 86_400);
    expect((await settings.get(A)).retentionDays).toBe(180);
  });

  it('a recorded success that later failed is corrected in place', async () => {
    const event = trail.newEvent(draft(A, 999));
    await trail.record(event);
    await trail.markFailed(event, 'InternalError', 'the provisioning task could not be queued');
    const found = await trail.query(A, { from: event.time, to: event.time, result: 'Failure' }, { limit: 5 });
    if (!found.ok) throw new Error('refused');
    expect(found.value.items).toEqual([{ ...event, result: 'Failure', errorCode: 'InternalError', errorMessage: 'the provisioning task could not be queued' }]);
  });
});
