/**
 * Counts requests per key in fixed windows, shared by every instance of a function (an in-memory
 * bucket per Lambda instance would let N instances take N times the limit).
 */
export interface RateLimiter {
  consume(key: string, limit: { readonly requests: number; readonly perSeconds: number }): Promise<RateDecision>;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };
