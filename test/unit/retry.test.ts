import { describe, expect, it } from 'vitest';
import { isRetryable, withRetry, type RetryPolicy } from '../../adapters/dynamodb/retry';
import { awsError } from '../support/faults';

describe('isRetryable', () => {
  it.each([
    [awsError('ProvisionedThroughputExceededException'), true],
    [awsError('ThrottlingException'), true],
    [awsError('RequestLimitExceeded'), true],
    [awsError('InternalServerError'), true],
    [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
    [awsError('TransactionCanceledException', { CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] }), true],
    [awsError('TransactionCanceledException', { CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'TransactionConflict' }] }), false],
    [awsError('ConditionalCheckFailedException'), false],
    [awsError('ValidationException'), false],
    [awsError('SomethingElse', { $metadata: { httpStatusCode: 503 } }), true],
    ['not an error', false],
  ])('%s → %s', (error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});

describe('withRetry', () => {
  const policy = (delays: number[]): RetryPolicy => ({
    maxAttempts: 4,
    baseDelayMs: 10,
    maxDelayMs: 25,
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.999,
  });

  it('retries throttling with capped exponential backoff, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(policy(delays), async () => {
      calls += 1;
      if (calls < 4) throw awsError('ThrottlingException');
      return 'done';
    });
    expect(result).toBe('done');
    expect(calls).toBe(4);
    expect(delays).toEqual([9, 19, 24]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(policy([]), async () => {
        calls += 1;
        throw awsError('ThrottlingException');
      }),
    ).rejects.toThrow('ThrottlingException');
    expect(calls).toBe(4);
  });

  it('does not retry what retrying cannot fix', async () => {
    let calls = 0;
    await expect(
      withRetry(policy([]), async () => {
        calls += 1;
        throw awsError('ValidationException');
      }),
    ).rejects.toThrow('ValidationException');
    expect(calls).toBe(1);
  });
});
