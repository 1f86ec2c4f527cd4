import type { SQSEvent } from 'aws-lambda';

let messages = 0;

/** An SQS event as Lambda's event source delivers it: one record per body, first delivery, unique ids. */
export const sqsEvent = (bodies: readonly (string | object)[], queue = 'metering'): SQSEvent => ({
  Records: bodies.map((body) => {
    const n = ++messages;
    return {
      messageId: `m-${n}`,
      receiptHandle: `r-${n}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${queue}`,
      awsRegion: 'local',
    };
  }),
});
