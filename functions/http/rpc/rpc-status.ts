import { STATUS } from '../management/api-error';
import type { RpcEdgeCode } from './rpc-failure';

/**
 * HTTP statuses of the RPC API. Use-case codes keep the management API's statuses (one table for
 * one outcome); the protocol's own codes are POP's: 400 for parameters and signatures, 404 for an
 * unknown AccessKeyId or action, 403 for a disabled key.
 */
export const EDGE_CODES: Record<string, number> = {
  MissingParameter: 400,
  InvalidParameter: 400,
  IncompleteSignature: 400,
  SignatureDoesNotMatch: 400,
  SignatureNonceUsed: 400,
  'InvalidTimeStamp.Format': 400,
  'InvalidTimeStamp.Expired': 400,
  InvalidVersion: 400,
  'InvalidAccessKeyId.NotFound': 404,
  'InvalidAccessKeyId.Inactive': 403,
  'InvalidAction.NotFound': 404,
  UnsupportedHTTPMethod: 405,
  PayloadTooLarge: 413,
  Throttling: 429,
  'Throttling.User': 429,
  ServiceUnavailable: 503,
  InternalError: 500,
} satisfies Partial<Record<RpcEdgeCode | 'SignatureDoesNotMatch' | 'SignatureNonceUsed' | 'InvalidTimeStamp.Expired' | 'InvalidAccessKeyId.NotFound' | 'InvalidAccessKeyId.Inactive', number>>;

export const rpcStatus = (code: string): number => {
  if (code in EDGE_CODES) return EDGE_CODES[code]!;
  if (code in STATUS) return STATUS[code as keyof typeof STATUS];
  if (code.startsWith('MissingParameter.') || code.startsWith('InvalidParameter.')) return 400;
  // An unmapped code is a bug; never let it pass as a success.
  return 500;
};
