import type { Failure } from '../../../domain/shared/result';

/** Failures the RPC edge itself produces, before an operation runs (POP's common error codes). */
export type RpcEdgeCode =
  | 'MissingParameter'
  | `MissingParameter.${string}`
  | `InvalidParameter.${string}`
  | 'InvalidParameter'
  | 'IncompleteSignature'
  | 'InvalidTimeStamp.Format'
  | 'InvalidVersion'
  | 'InvalidAction.NotFound'
  | 'UnsupportedHTTPMethod'
  | 'InvalidParameter.Format'
  | 'PayloadTooLarge'
  | 'Throttling'
  | 'Throttling.User'
  | 'ServiceUnavailable'
  | 'InternalError';

export type RpcFailure = Failure<string>;

export const missing = (name: string): RpcFailure => ({ code: `MissingParameter.${name}`, message: `The specified parameter ${name} is missing.` });
export const invalid = (name: string, why?: string): RpcFailure => ({
  code: `InvalidParameter.${name}`,
  message: `The specified parameter ${name} is not valid${why ? `: ${why}` : ''}.`,
});
