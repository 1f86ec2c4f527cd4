import type { Failure } from './result';

/**
 * Outcomes every repository may return instead of throwing. Adapters translate their driver's
 * conditional-check failures into these; anything else they rethrow.
 */
export type ConcurrentModification = Failure<'ConcurrentModification'>;
export type InvalidNextToken = Failure<'InvalidParameter.NextToken'>;

export const concurrentModification = (what: string): ConcurrentModification => ({
  code: 'ConcurrentModification',
  message: `${what} was changed by another request; read it again and retry.`,
});

export const invalidNextToken = (): InvalidNextToken => ({
  code: 'InvalidParameter.NextToken',
  message: 'NextToken is not valid for this listing.',
});
