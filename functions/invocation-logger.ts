import { randomUUID } from 'node:crypto';
import type { Logger } from '../adapters/log/json-logger';

/** What a queue consumer or a schedule reads of the Lambda context (absent locally and in tests). */
export type InvocationContext = { readonly awsRequestId?: string };

/**
 * The logger of one invocation: every line carries Lambda's request id (a fresh one locally, as the
 * HTTP request log does), so one invocation's lines are found together in CloudWatch Logs, and `fields`
 * (the queue or the job).
 */
export const invocationLogger = (logger: Logger, context: InvocationContext | undefined, fields: Record<string, unknown>): Logger =>
  logger.child({ requestId: context?.awsRequestId ?? randomUUID(), ...fields });

/** How a tenant is written in log lines: `directory/d-123`, `instance/idaas_…`, `resourceDirectory/rd-…`. */
export const tenantField = (kind: string, id: string): { tenant: string } => ({ tenant: `${kind}/${id}` });
