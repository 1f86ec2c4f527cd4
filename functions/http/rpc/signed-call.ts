import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { SignedRequest } from '../../../domain/iam/signed-request';
import { err, ok, type Result } from '../../../domain/shared/result';
import { invalid, missing, type RpcFailure } from './rpc-failure';
import { acs3Signature, acs3StringToSign, parseAcs3Authorization, sha256Hex } from './signature-acs3';
import { v1Signature, v1StringToSign } from './signature-v1';

/** A POP call as read off the wire: what it asks for, its own parameters, and how it was signed. */
export type SignedCall = {
  readonly action: string;
  readonly version: string;
  /** The operation's parameters: every parameter but the protocol's own (Action, Signature, …). */
  readonly params: Readonly<Record<string, string>>;
  readonly signed: SignedRequest;
  /** The answer format asked for (`Format`, in the query or the form); undefined means the default. */
  readonly format: string | undefined;
  readonly signatureVersion: '1.0' | 'ACS3-HMAC-SHA256';
};

/**
 * Parameters of the protocol, not of any operation; never passed on, never recorded. `RegionId` is
 * passed on: CreateDirectory reads the directory's region from it.
 */
const COMMON = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Timestamp',
  'SecurityToken',
]);

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;
const NONCE = /^[\x21-\x7e]{1,128}$/;

/** ISO 8601 in UTC, as POP requires (`2026-11-24T09:00:00Z`); anything else is a format error. */
const parseTimestamp = (name: string, value: string | undefined): Result<Date, RpcFailure> => {
  if (value === undefined || value === '') return err(missing(name));
  const d = new Date(value);
  if (!TIMESTAMP.test(value) || Number.isNaN(d.getTime())) {
    return err({ code: 'InvalidTimeStamp.Format', message: `Specified time stamp or date value is not well formatted: ${name} must be UTC ISO 8601, like 2026-11-24T09:00:00Z.` });
  }
  return ok(d);
};

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Query and form parameters, one value each. A name given twice (in the query and the body, or twice
 * in one) is refused: the two signature versions would read different requests out of it.
 */
export const readParams = (query: URLSearchParams, form: URLSearchParams | undefined): Result<{ query: Record<string, string>; all: Record<string, string> }, RpcFailure> => {
  const q: Record<string, string> = {};
  const all: Record<string, string> = {};
  for (const [source, params] of [['query', query], ['body', form]] as const) {
    if (!params) continue;
    for (const [k, v] of params) {
      if (Object.hasOwn(all, k)) return err(invalid(k, 'it is given more than once'));
      all[k] = v;
      if (source === 'query') q[k] = v;
    }
  }
  return ok({ query: q, all });
};

const operationParams = (all: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(all).filter(([k]) => !COMMON.has(k)));

/**
 * Signature version 1.0: everything is in the parameters, the signature over all of them (query and
 * form alike) with the request's method.
 */
const v1Call = (method: string, all: Record<string, string>): Result<SignedCall, RpcFailure> => {
  for (const name of ['Action', 'Version', 'AccessKeyId', 'Signature', 'SignatureNonce'] as const) {
    if (!all[name]) return err(name === 'Signature' || name === 'AccessKeyId' ? { code: 'IncompleteSignature', message: `The request signature does not conform to Alibaba Cloud standards: ${name} is missing.` } : missing(name));
  }
  if ((all.SignatureMethod ?? 'HMAC-SHA1') !== 'HMAC-SHA1' || (all.SignatureVersion ?? '1.0') !== '1.0') {
    return err({ code: 'IncompleteSignature', message: 'The request signature does not conform to Alibaba Cloud standards: SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0.' });
  }
  if (!NONCE.test(all.SignatureNonce!)) return err(invalid('SignatureNonce', 'at most 128 printable characters'));
  const timestamp = parseTimestamp('Timestamp', all.Timestamp);
  if (!timestamp.ok) return timestamp;
  const stringToSign = v1StringToSign(method, all);
  const presented = all.Signature!;
  return ok({
    action: all.Action!,
    version: all.Version!,
    params: operationParams(all),
    format: all.Format,
    signatureVersion: '1.0',
    signed: {
      accessKeyId: all.AccessKeyId!,
      timestamp: timestamp.value,
      nonce: all.SignatureNonce!,
      signatureMatches: (secret) => sameText(v1Signature(secret, stringToSign), presented),
    },
  });
};

/**
 * ACS3-HMAC-SHA256: Action, Version, time and nonce travel in signed `x-acs-*` headers, the
 * parameters in the query (signed) and the form body (signed through its SHA-256). Every `x-acs-*`
 * header and `host` must be among the signed ones, so nothing the call depends on goes unsigned.
 */
const acs3Call = (c: Context, authorization: string, query: Record<string, string>, all: Record<string, string>, body: string): Result<SignedCall, RpcFailure> => {
  const auth = parseAcs3Authorization(authorization);
  if (!auth) return err({ code: 'IncompleteSignature', message: 'The Authorization header does not conform to ACS3-HMAC-SHA256: it needs Credential, SignedHeaders and a hex Signature.' });
  const headers = c.req.header();
  const mustSign = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256', ...Object.keys(headers).filter((h) => h.startsWith('x-acs-'))];
  const unsigned = mustSign.find((h) => !auth.signedHeaders.includes(h));
  if (unsigned) return err({ code: 'IncompleteSignature', message: `The request signature does not conform to ACS3-HMAC-SHA256: header ${unsigned} must be signed.` });
  const signedHeaders: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = headers[name];
    if (value === undefined) return err({ code: 'IncompleteSignature', message: `Signed header ${name} is not in the request.` });
    signedHeaders[name] = value;
  }
  const payloadHash = signedHeaders['x-acs-content-sha256']!;
  if (payloadHash !== sha256Hex(body)) {
    return err({ code: 'SignatureDoesNotMatch', message: 'Specified signature does not match our calculation: x-acs-content-sha256 is not the SHA-256 of the body.' });
  }
  const action = signedHeaders['x-acs-action']!;
  const version = signedHeaders['x-acs-version']!;
  const nonce = signedHeaders['x-acs-signature-nonce']!;
  if (!NONCE.test(nonce)) return err(invalid('SignatureNonce', 'at most 128 printable characters'));
  const timestamp = parseTimestamp('x-acs-date', signedHeaders['x-acs-date']);
  if (!timestamp.ok) return timestamp;
  const stringToSign = acs3StringToSign({ method: c.req.method, path: new URL(c.req.url).pathname, query, headers: signedHeaders, payloadHash });
  return ok({
    action,
    version,
    params: operationParams(all),
    format: all.Format,
    signatureVersion: 'ACS3-HMAC-SHA256',
    signed: {
      accessKeyId: auth.accessKeyId,
      timestamp: timestamp.value,
      nonce,
      signatureMatches: (secret) => sameText(acs3Signature(secret, stringToSign), auth.signature),
    },
  });
};

/** Reads a POP call (GET with a query, or POST with a form body) in either signature version. */
export const readSignedCall = async (c: Context): Promise<Result<SignedCall, RpcFailure>> => {
  const method = c.req.method;
  if (method !== 'GET' && method !== 'POST') return err({ code: 'UnsupportedHTTPMethod', message: `Method ${method} is not supported; use GET or POST.` });
  const body = method === 'POST' ? await c.req.text() : '';
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (body !== '' && type !== 'application/x-www-form-urlencoded') {
    return err({ code: 'InvalidParameter.ContentType', message: 'A request body must be application/x-www-form-urlencoded.' });
  }
  const read = readParams(new URL(c.req.url).searchParams, body === '' ? undefined : new URLSearchParams(body));
  if (!read.ok) return read;
  const authorization = c.req.header('authorization');
  if (authorization?.startsWith('ACS3-')) return acs3Call(c, authorization, read.value.query, read.value.all, body);
  if (authorization) return err({ code: 'IncompleteSignature', message: 'Only ACS3-HMAC-SHA256 is accepted in the Authorization header; or sign the parameters with signature version 1.0.' });
  return v1Call(method, read.value.all);
};
