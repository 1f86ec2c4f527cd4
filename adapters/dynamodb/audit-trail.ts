import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { AuditActor, AuditEvent, AuditTenant } from '../../domain/audit/audit-event';
import { tenantLabel } from '../../domain/audit/audit-event';
import { actionFilter, type AuditQuery } from '../../domain/audit/audit-query';
import { expiresAtSeconds } from '../../domain/audit/audit-retention';
import type { AuditTrailReader, InvalidNextToken } from '../../domain/audit/ports';
import { fnv1a32 } from '../../domain/metering/counter-shard';
import type { Clock } from '../../domain/shared/clock';
import type { Page, PageRequest } from '../../domain/shared/page';
import { fail, ok, type Result } from '../../domain/shared/result';
import type { AuditRecorder } from '../audit/audit-scope';
import type { DynamoAuditSettingsRepository } from './audit-settings-repository';
import { AUDIT_SHARDS, auditPartition, auditSortKey, type Key } from './keys';
import type { Item, Table, TransactItem } from './table';

const ulid = monotonicFactory();
const DAY_MS = 86_400_000;
/** What one request may read before it returns a shorter page and a token to go on (a Lambda has 10 s). */
type ReadBudget = { readonly items: number; readonly queries: number };
const QUERY_BUDGET: ReadBudget = { items: 2000, queries: 64 };
const EXPORT_BUDGET: ReadBudget = { items: 20_000, queries: 400 };

const shardOf = (eventId: string): number => fnv1a32(eventId) % AUDIT_SHARDS;
const dayOf = (iso: string): string => iso.slice(0, 10);
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);

export const auditEventKey = (event: Pick<AuditEvent, 'tenant' | 'time' | 'id'>): Key => ({
  pk: auditPartition(event.tenant, dayOf(event.time), shardOf(event.id)),
  sk: auditSortKey(event.time, event.id),
});

const actorKeys = (actor: AuditActor): string[] =>
  [actor.id, actor.name, actor.credentialId].filter((v): v is string => typeof v === 'string' && v !== '');

/**
 * The item: the event whole (`e`), and beside it the few attributes the query filters on, so a filter
 * is a server-side FilterExpression rather than a read of every event into the function.
 */
const toItem = (event: AuditEvent, ttl: number): Item => ({
  ...auditEventKey(event),
  ttl,
  e: event,
  a: event.action,
  r: event.result,
  ip: event.source.ip,
  ak: actorKeys(event.actor),
  rid: event.resources.map((r) => r.id),
});

const fromItem = (item: Item): AuditEvent => item.e as AuditEvent;

/**
 * The audit trail in the single table: written by the audit scope (inside the change's transaction,
 * or on its own), read by tenant and time range, newest first, the four shards of each day merged.
 */
export class DynamoAuditTrail implements AuditRecorder, AuditTrailReader {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
    private readonly settings: DynamoAuditSettingsRepository,
    private readonly budgets: { readonly query: ReadBudget; readonly export: ReadBudget } = { query: QUERY_BUDGET, export: EXPORT_BUDGET },
  ) {}

  newEvent(draft: Omit<AuditEvent, 'id' | 'time'>): AuditEvent {
    const now = this.clock.now();
    return { id: ulid(now.getTime()), time: now.toISOString(), ...draft };
  }

  async itemFor(event: AuditEvent): Promise<TransactItem> {
    const days = await this.settings.retentionDays(event.tenant);
    return { Put: { Item: toItem(event, expiresAtSeconds(new Date(event.time), days)), ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  async record(event: AuditEvent): Promise<void> {
    await this.table.transactItems([await this.itemFor(event)]);
  }

  async markFailed(event: AuditEvent, errorCode: string, errorMessage: string | undefined): Promise<void> {
    await this.table.transactItems([
      {
        Update: {
          Key: auditEventKey(event),
          UpdateExpression: errorMessage === undefined ? 'SET r = :f, e.#r = :f, e.errorCode = :c' : 'SET r = :f, e.#r = :f, e.errorCode = :c, e.errorMessage = :m',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#r': 'result' },
          ExpressionAttributeValues: { ':f': 'Failure', ':c': errorCode, ...(errorMessage === undefined ? {} : { ':m': errorMessage }) },
        },
      },
    ]);
  }

  async query(tenant: AuditTenant, query: AuditQuery, page: PageRequest): Promise<Result<Page<AuditEvent>, InvalidNextToken>> {
    return this.read(tenant, query, page, 'newest-first', this.budgets.query);
  }

  async exportPage(tenant: AuditTenant, query: AuditQuery, page: PageRequest): Promise<Result<Page<AuditEvent>, InvalidNextToken>> {
    return this.read(tenant, query, page, 'oldest-first', this.budgets.export);
  }

  /**
   * A page of the trail in time order: each day's shards are merged by sort key (a k-way merge, an
   * item goes out only once every shard has shown what comes before it). The cursor is the sort key
   * of the last event given, so paging is exact however the shards interleave. A request reads within
   * a budget; out of it, the page ends early at the point up to which every shard has been read.
   */
  private async read(
    tenant: AuditTenant,
    query: AuditQuery,
    page: PageRequest,
    order: 'newest-first' | 'oldest-first',
    budget: ReadBudget,
  ): Promise<Result<Page<AuditEvent>, InvalidNextToken>> {
    const fingerprint = fingerprintOf(tenant, query, order);
    const cursor = decodeAuditCursor(page.nextToken, fingerprint);
    if (!cursor.ok) return fail('InvalidParameter.NextToken', 'The nextToken is not one this listing issued.');
    const forward = order === 'oldest-first';
    // Bounds are inclusive; the cursor's own event is dropped when read again.
    const lo = forward ? (cursor.sk ?? query.from) : query.from;
    const hi = forward ? `${query.to}#\uffff` : (cursor.sk ?? `${query.to}#\uffff`);
    const after = (a: string, b: string) => (forward ? a > b : a < b);
    const out: AuditEvent[] = [];
    const spent = { items: 0, queries: 0 };
    const token = (sk: string) => ok({ items: out, nextToken: encodeAuditCursor(fingerprint, sk) });
    const lastDay = dayOf(forward ? hi : lo);
    for (let day = dayOf(forward ? lo : hi); forward ? day <= lastDay : day >= lastDay; day = addDays(day, forward ? 1 : -1)) {
      if (spent.queries + AUDIT_SHARDS > budget.queries) {
        return token(forward ? `${addDays(day, -1)}T23:59:59.999Z#\uffff` : `${addDays(day, 1)}T00:00:00.000Z`);
      }
      const shards = this.shards(tenant, day, query, lo, hi, forward, page.limit);
      for (;;) {
        const waiting = shards.filter((s) => s.buffer.length === 0 && !s.done);
        if (waiting.length > 0) {
          if (spent.items >= budget.items || spent.queries + waiting.length > budget.queries) {
            // Out of budget: what comes before every unread item can still go out, in order.
            const frontier = waiting.map((s) => s.scannedTo ?? (forward ? lo : hi)).reduce((a, b) => (after(a, b) ? b : a));
            const ready = shards.flatMap((s) => s.buffer).filter((i) => after(frontier, String(i.sk)));
            ready.sort((a, b) => (after(String(a.sk), String(b.sk)) ? 1 : -1));
            for (const item of ready) {
              if (out.length === page.limit) return token(auditSortKeyOf(out[out.length - 1]!));
              out.push(fromItem(item));
            }
            return token(frontier);
          }
          const reads = await Promise.all(waiting.map((s) => s.fill()));
          spent.items += reads.reduce((a, b) => a + b, 0);
          spent.queries += waiting.length;
          if (cursor.sk !== undefined) for (const s of waiting) s.buffer = s.buffer.filter((i) => i.sk !== cursor.sk);
          continue;
        }
        const next = shards.filter((s) => s.buffer.length > 0).reduce<ShardReader | undefined>((best, s) => (!best || after(String(best.buffer[0]!.sk), String(s.buffer[0]!.sk)) ? s : best), undefined);
        if (!next) break;
        if (out.length === page.limit) return token(auditSortKeyOf(out[out.length - 1]!));
        out.push(fromItem(next.buffer.shift()!));
      }
    }
    return ok({ items: out });
  }

  private shards(tenant: AuditTenant, day: string, query: AuditQuery, lo: string, hi: string, forward: boolean, limit: number): ShardReader[] {
    const filter = filterOf(query);
    const pageSize = filter.FilterExpression ? 500 : Math.min(limit + 1, 500);
    return Array.from({ length: AUDIT_SHARDS }, (_, shard) => new ShardReader(this.table, auditPartition(tenant, day, shard), lo, hi, forward, filter, pageSize));
  }
}

const auditSortKeyOf = (e: AuditEvent): string => auditSortKey(e.time, e.id);

/** One shard of one day, read page by page in sort-key order; matches wait in `buffer`. */
class ShardReader {
  buffer: Item[] = [];
  done = false;
  /** The sort key of the last item read (matched or not): everything beyond it is unread. */
  scannedTo: string | undefined;
  private start: Key | undefined;

  constructor(
    private readonly table: Table,
    private readonly pk: string,
    private readonly lo: string,
    private readonly hi: string,
    private readonly forward: boolean,
    private readonly filter: FilterParts,
    private readonly pageSize: number,
  ) {}

  async fill(): Promise<number> {
    const out = await this.table.queryPage({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ...(this.filter.FilterExpression ? { FilterExpression: this.filter.FilterExpression } : {}),
      ...(Object.keys(this.filter.names).length ? { ExpressionAttributeNames: this.filter.names } : {}),
      ExpressionAttributeValues: { ':pk': this.pk, ':lo': this.lo, ':hi': this.hi, ...this.filter.values },
      ScanIndexForward: this.forward,
      Limit: this.pageSize,
      ...(this.start ? { ExclusiveStartKey: this.start } : {}),
    });
    this.buffer.push(...out.items);
    this.start = out.lastKey;
    this.done = !out.lastKey;
    if (out.lastKey) this.scannedTo = out.lastKey.sk;
    return out.scanned;
  }
}

type FilterParts = { FilterExpression?: string; names: Record<string, string>; values: Record<string, unknown> };

const filterOf = (q: AuditQuery): FilterParts => {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (q.actor !== undefined) {
    clauses.push('contains(ak, :actor)');
    values[':actor'] = q.actor;
  }
  if (q.resource !== undefined) {
    clauses.push('contains(rid, :resource)');
    values[':resource'] = q.resource;
  }
  if (q.result !== undefined) {
    clauses.push('r = :result');
    values[':result'] = q.result;
  }
  if (q.sourceIp !== undefined) {
    clauses.push('ip = :ip');
    values[':ip'] = q.sourceIp;
  }
  if (q.action !== undefined) {
    names['#a'] = 'a';
    const match = actionFilter(q.action);
    clauses.push('exact' in match ? '#a = :action' : 'begins_with(#a, :action)');
    values[':action'] = 'exact' in match ? match.exact : match.prefix;
  }
  return clauses.length ? { FilterExpression: clauses.join(' AND '), names, values } : { names, values };
};

/** Ties a cursor to its tenant and query, so a token cannot start another listing. */
const fingerprintOf = (tenant: AuditTenant, q: AuditQuery, order: string): string =>
  createHash('sha256').update(JSON.stringify([tenantLabel(tenant), order, q.from, q.to, q.actor, q.action, q.resource, q.result, q.sourceIp])).digest('base64url').slice(0, 16);

const encodeAuditCursor = (fingerprint: string, sk: string): string => Buffer.from(JSON.stringify({ f: fingerprint, s: sk }), 'utf8').toString('base64url');

const decodeAuditCursor = (token: string | undefined, fingerprint: string): { ok: true; sk: string | undefined } | { ok: false } => {
  if (token === undefined || token === '') return { ok: true, sk: undefined };
  if (token.length > 512 || !/^[A-Za-z0-9_-]+$/.test(token)) return { ok: false };
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { f?: unknown; s?: unknown };
    return parsed.f === fingerprint && typeof parsed.s === 'string' ? { ok: true, sk: parsed.s } : { ok: false };
  } catch {
    return { ok: false };
  }
};
