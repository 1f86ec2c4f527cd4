import type { Page, PageRequest } from '../shared/page';
import type { Failure, Result } from '../shared/result';
import type { AuditEvent, AuditTenant } from './audit-event';
import type { AuditQuery } from './audit-query';
import type { AuditSettings } from './audit-retention';

export type InvalidNextToken = Failure<'InvalidParameter.NextToken'>;

/**
 * Reads a tenant's trail. Events are written by the adapters that carry out the changes (in the same
 * transaction), not through a domain port: see adapters/audit/audit-scope.ts.
 */
export interface AuditTrailReader {
  /**
   * Newest first, every filter applied. A page holds at most `limit` events; it may hold fewer (even
   * none) while `nextToken` is present, when a selective filter met many events: reading is bounded
   * per request. A token from another tenant's or another query's listing is InvalidNextToken.
   */
  query(tenant: AuditTenant, query: AuditQuery, page: PageRequest): Promise<Result<Page<AuditEvent>, InvalidNextToken>>;
  /** As `query`, oldest first: the pages of an export. */
  exportPage(tenant: AuditTenant, query: AuditQuery, page: PageRequest): Promise<Result<Page<AuditEvent>, InvalidNextToken>>;
}

/** Each tenant's retention. An absent setting is the default (180 days). */
export interface AuditSettingsRepository {
  get(tenant: AuditTenant): Promise<AuditSettings>;
  put(tenant: AuditTenant, settings: AuditSettings): Promise<void>;
}
