import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { UsageAlertPublisher } from '../../domain/billing/ports';
import type { UsageAlert } from '../../domain/billing/usage-alert';
import { usageThresholdReached } from '../../events/usage-threshold-reached';

/**
 * Publishes `usage.threshold-reached` on the usage-alerts SNS topic. The account and instance go in
 * message attributes too, so a subscription's filter policy can deliver one customer's alerts only.
 */
export class SnsUsageAlertPublisher implements UsageAlertPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(alert: UsageAlert): Promise<void> {
    const event = usageThresholdReached(alert);
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: `Atrium: instance ${event.instanceId} reached ${event.percent}% of ${event.threshold} MAU`,
        Message: JSON.stringify(event),
        MessageAttributes: {
          accountId: { DataType: 'String', StringValue: event.accountId },
          instanceId: { DataType: 'String', StringValue: event.instanceId },
        },
      }),
    );
  }
}
