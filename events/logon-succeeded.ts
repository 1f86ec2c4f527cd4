import { z } from 'zod';

/**
 * A customer logged on (or refreshed a token) at an application: what metering counts monthly active
 * users from. Versioned: a consumer accepts the versions it knows and dead-letters the rest.
 */
export const LogonSucceeded = z.strictObject({
  type: z.literal('logon.succeeded'),
  version: z.literal(1),
  instanceId: z.string().min(1).max(64),
  applicationId: z.string().min(1).max(64),
  customerId: z.string().min(1).max(64),
  method: z.enum(['Password', 'PhoneCode', 'Registration', 'Session', 'RefreshToken']),
  at: z.iso.datetime(),
});
export type LogonSucceeded = z.infer<typeof LogonSucceeded>;

export const logonSucceeded = (fields: Omit<LogonSucceeded, 'type' | 'version'>): LogonSucceeded => ({ type: 'logon.succeeded', version: 1, ...fields });
