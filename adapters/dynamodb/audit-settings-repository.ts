import type { AuditTenant } from '../../domain/audit/audit-event';
import { DEFAULT_RETENTION_DAYS, type AuditSettings } from '../../domain/audit/audit-retention';
import type { AuditSettingsRepository } from '../../domain/audit/ports';
import type { Clock } from '../../domain/shared/clock';
import { TtlCache } from '../cache/ttl-cache';
import { auditSettingsKey } from './keys';
import type { Table } from './table';

/**
 * Each tenant's audit settings. Every audited write needs its tenant's retention, so reads go through
 * a one-minute cache per instance: a new retention reaches all writers within a minute.
 */
export class DynamoAuditSettingsRepository implements AuditSettingsRepository {
  private readonly cache: TtlCache<AuditSettings>;

  constructor(
    private readonly table: Table,
    clock: Clock,
  ) {
    this.cache = new TtlCache(60_000, clock, 10_000);
  }

  async get(tenant: AuditTenant): Promise<AuditSettings> {
    const item = await this.table.get(auditSettingsKey(tenant));
    return item ? { retentionDays: Number(item.retentionDays), ...(item.updatedAt ? { updatedAt: String(item.updatedAt) } : {}) } : { retentionDays: DEFAULT_RETENTION_DAYS };
  }

  /** The retention, a minute stale at most. */
  async retentionDays(tenant: AuditTenant): Promise<number> {
    return (await this.cache.get(`${tenant.type}/${tenant.id}`, () => this.get(tenant))).retentionDays;
  }

  async put(tenant: AuditTenant, settings: AuditSettings): Promise<void> {
    await this.table.put({ Item: { ...auditSettingsKey(tenant), ...settings } });
    this.cache.forget(`${tenant.type}/${tenant.id}`);
  }
}
