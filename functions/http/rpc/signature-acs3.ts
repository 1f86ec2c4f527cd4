import { createHash, createHmac } from 'node:crypto';
import { canonicalQuery } from './percent-encode';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export type Acs3Authorization = { readonly accessKeyId: string; readonly signedHeaders: readonly string[]; readonly signature: string };

/** `ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;…>,Signature=<hex>`; undefined if malformed. */
export const parseAcs3Authorization = (header: string): Acs3Authorization | undefined => {
  const match = /^ACS3-HMAC-SHA256\s+(.+)$/.exec(header.trim());
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature)) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(';').map((h) => h.toLowerCase()), signature };
};

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * The V3 signature: CanonicalRequest = METHOD \n path \n canonical query \n canonical headers \n
 * signed headers \n hashed payload; StringToSign = "ACS3-HMAC-SHA256\n" + hex(SHA-256(CanonicalRequest));
 * Signature = hex(HMAC-SHA256(AccessKeySecret, StringToSign)). `headers` holds the signed headers only,
 * by lower-case name; the payload hash is the request's `x-acs-content-sha256`, checked against the
 * body by the caller.
 */
export const acs3StringToSign = (input: {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly payloadHash: string;
}): string => {
  const names = Object.keys(input.headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${input.headers[n]!.trim()}\n`).join('');
  const canonicalRequest = [input.method.toUpperCase(), input.path, canonicalQuery(input.query), canonicalHeaders, names.join(';'), input.payloadHash].join('\n');
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
};

export const acs3Signature = (accessKeySecret: string, stringToSign: string): string =>
  createHmac('sha256', accessKeySecret).update(stringToSign, 'utf8').digest('hex');
