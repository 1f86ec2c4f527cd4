import { createHmac } from 'node:crypto';
import { canonicalQuery, percentEncode } from './percent-encode';

/**
 * Signature version 1.0 (HMAC-SHA1), as the RPC SDKs and the aliyun CLI sign:
 * StringToSign = METHOD & %2F & percentEncode(canonical query of every parameter but Signature),
 * Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
 */
export const v1StringToSign = (method: string, params: Readonly<Record<string, string>>): string => {
  const { Signature: _signature, ...signed } = params;
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(signed))}`;
};

export const v1Signature = (accessKeySecret: string, stringToSign: string): string =>
  createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
