import type { Clock } from '../shared/clock';
import type { ApiKeyId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { principalOfKey } from './authenticate';
import type { IamPorts } from './iam-ports';
import type { SignatureNonces } from './ports';
import type { Principal } from './principal';

/** Alibaba Cloud's window: a request signed more than 15 minutes before or after now is refused. */
export const TIMESTAMP_WINDOW_MS = 15 * 60_000;

/**
 * A request signed with an AccessKey, as the edge read it: which key, when and with which nonce it
 * says it was signed, and a check of its signature given the key's secret (the edge knows the
 * protocol's canonical form; the rules about keys, time and replay are here).
 */
export type SignedRequest = {
  readonly accessKeyId: string;
  readonly timestamp: Date;
  readonly nonce: string;
  readonly signatureMatches: (secret: string) => boolean;
};

export type SignedRequestFailure =
  | Failure<'InvalidAccessKeyId.NotFound'>
  | Failure<'InvalidAccessKeyId.Inactive'>
  | Failure<'SignatureDoesNotMatch'>
  | Failure<'InvalidTimeStamp.Expired'>
  | Failure<'SignatureNonceUsed'>;

export type SignedRequestPorts = Pick<IamPorts, 'apiKeys' | 'administrators' | 'accounts' | 'sealer'> & {
  readonly clock: Clock;
  readonly signatureNonces: SignatureNonces;
};

/**
 * Turns a signed request into a principal. The order matters: the signature is checked before the
 * nonce is claimed, so a forged request cannot use up a caller's nonces; the nonce is claimed last,
 * so a request refused for any other reason can be corrected and sent again with the same nonce.
 * A nonce is remembered until the end of its timestamp's window, after which the timestamp alone
 * refuses a replay. Policies are read on every call, as for bearer keys.
 */
export const authenticateSignedRequest = async (
  ports: SignedRequestPorts,
  request: SignedRequest,
): Promise<Result<Principal, SignedRequestFailure>> => {
  const key = await ports.apiKeys.findById(request.accessKeyId as ApiKeyId);
  const secret = key?.sealedSecret ? ports.sealer.open(key.sealedSecret, key.id) : undefined;
  if (!key || secret === undefined) return fail('InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (!request.signatureMatches(secret)) {
    return fail('SignatureDoesNotMatch', 'Specified signature does not match our calculation; check the AccessKeySecret and the signing method.');
  }
  if (key.status !== 'Active') return fail('InvalidAccessKeyId.Inactive', 'Specified access key is disabled.');
  const skew = Math.abs(ports.clock.now().getTime() - request.timestamp.getTime());
  if (!(skew <= TIMESTAMP_WINDOW_MS)) {
    return fail('InvalidTimeStamp.Expired', `Specified time stamp or date value is expired: it must be within 15 minutes of the server's time (${ports.clock.now().toISOString()}).`);
  }
  const principal = await principalOfKey(ports, key);
  if (!principal) return fail('InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  const fresh = await ports.signatureNonces.claim(key.id, request.nonce, new Date(request.timestamp.getTime() + TIMESTAMP_WINDOW_MS));
  if (!fresh) return fail('SignatureNonceUsed', 'Specified signature nonce was used already.');
  return ok(principal);
};
