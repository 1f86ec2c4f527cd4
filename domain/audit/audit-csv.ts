import { csvRow, csvText } from '../shared/csv';
import type { AuditEvent } from './audit-event';

/** The columns of an audit export, flat, so a spreadsheet or SIEM import needs no JSON parsing. */
export const AUDIT_CSV_HEADER = [
  'time',
  'event_id',
  'tenant',
  'action',
  'result',
  'error_code',
  'error_message',
  'actor_type',
  'actor_id',
  'actor_name',
  'authenticated_by',
  'credential_id',
  'source_ip',
  'user_agent',
  'channel',
  'resources',
  'request_id',
  'request',
] as const;

export const auditCsvHeader = (): string => csvRow([...AUDIT_CSV_HEADER]);

/** One event as a CSV record; every text field is spreadsheet-safe (see csvText). */
export const auditCsvRow = (e: AuditEvent): string =>
  csvRow(
    [
      e.time,
      e.id,
      `${e.tenant.type}/${e.tenant.id}`,
      e.action,
      e.result,
      e.errorCode ?? '',
      e.errorMessage ?? '',
      e.actor.type,
      e.actor.id ?? '',
      e.actor.name ?? '',
      e.actor.authenticatedBy,
      e.actor.credentialId ?? '',
      e.source.ip,
      e.source.userAgent ?? '',
      e.channel,
      e.resources.map((r) => `${r.type}:${r.id}`).join(' '),
      e.requestId,
      e.request ? JSON.stringify(e.request) : '',
    ].map(csvText),
  );
