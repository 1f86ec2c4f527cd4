import type { UsageAlertPublisher } from '../../domain/billing/ports';
import type { UsageAlert } from '../../domain/billing/usage-alert';
import { usageThresholdReached, type UsageThresholdReached } from '../../events/usage-threshold-reached';
import type { Logger } from '../log/json-logger';

/**
 * The local stand-in for the usage-alerts topic: each alert is checked against the event schema,
 * logged (where a developer sees it) and kept, newest first, for the local admin API and tests.
 */
export class RecordedUsageAlerts implements UsageAlertPublisher {
  private readonly events: UsageThresholdReached[] = [];

  constructor(
    private readonly logger?: Logger,
    private readonly capacity = 1000,
  ) {}

  async publish(alert: UsageAlert): Promise<void> {
    const event = usageThresholdReached(alert);
    this.logger?.log('info', 'usage alert', event);
    this.events.unshift(event);
    if (this.events.length > this.capacity) this.events.length = this.capacity;
  }

  list(): readonly UsageThresholdReached[] {
    return [...this.events];
  }
}
