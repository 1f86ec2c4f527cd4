import { z } from 'zod';
import type { UsageAlert } from '../domain/billing/usage-alert';

/**
 * An instance's monthly active users reached 80 % or 100 % of a threshold its customer set. Published
 * once per (instance, month, threshold, percent) onto the usage-alerts topic, which the customer
 * subscribes to (e-mail, a webhook, a queue). Versioned like every Atrium event.
 */
export const UsageThresholdReached = z.strictObject({
  type: z.literal('usage.threshold-reached'),
  version: z.literal(1),
  instanceId: z.string().min(1).max(64),
  accountId: z.string().min(1).max(64),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  threshold: z.number().int().positive(),
  percent: z.union([z.literal(80), z.literal(100)]),
  mau: z.number().int().nonnegative(),
  at: z.iso.datetime(),
});
export type UsageThresholdReached = z.infer<typeof UsageThresholdReached>;

export const usageThresholdReached = (alert: UsageAlert): UsageThresholdReached =>
  UsageThresholdReached.parse({ type: 'usage.threshold-reached', version: 1, ...alert });
