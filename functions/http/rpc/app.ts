import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorFields } from '../../../adapters/log/json-logger';
import { authenticateSignedRequest } from '../../../domain/iam/signed-request';
import type { Principal } from '../../../domain/iam/principal';
import { auditRpcCall } from '../audit/audit-middleware';
import { MAX_BODY_BYTES } from '../management/app';
import type { Deps } from '../management/env';
import { publicOrigin } from '../management/origin';
import { byClientNetwork, describeLimit, rateLimit, type Throttled } from '../rate-limit';
import { requestLog, type RequestLogVariables } from '../request-log';
import { parseParams } from './rpc-params';
import { CLOUDSSO_VERSION, type RpcOperation } from './rpc-operation';
import { rpcStatus } from './rpc-status';
import { readSignedCall } from './signed-call';

type RpcEnv = { Variables: RequestLogVariables & { principal?: Principal } };

/**
 * POP's error body: HTTP status, `{RequestId, HostId, Code, Message, Recommend}`. `Recommend` points
 * at the code on the generated reference page (/api/v1/docs/alibaba-api), as Alibaba's points at its
 * diagnosis page.
 */
export const rpcError = (c: Context<RpcEnv>, code: string, message: string) =>
  c.json(
    {
      RequestId: c.get('requestId') ?? 'unknown',
      HostId: c.req.header('host') ?? new URL(c.req.url).host,
      Code: code,
      Message: message,
      Recommend: `${publicOrigin(c)}/api/v1/docs/alibaba-api#${encodeURIComponent(code.startsWith('MissingParameter.') || code.startsWith('InvalidParameter.') ? code.split('.')[0]! : code)}`,
    },
    rpcStatus(code) as 400,
  );

const throttled = (code: 'Throttling' | 'Throttling.User', who: string) => (c: Context, t: Throttled) =>
  rpcError(c as Context<RpcEnv>, code, `Request was denied due to flow control: ${who} exceeded ${describeLimit(t.limit)}; retry after ${t.retryAfterSeconds} s.`);

/** An exception's answer: 503 with Retry-After when the store throttled, else 500; logged either way. */
const unexpected = (c: Context<RpcEnv>, error: unknown): Response => {
  const busy = isThrottling(error);
  c.get('logger')?.log('error', busy ? 'store throttled' : 'unhandled error', errorFields(error));
  if (busy) {
    c.header('Retry-After', '1');
    return rpcError(c, 'ServiceUnavailable', 'The service is busy; retry shortly.');
  }
  return rpcError(c, 'InternalError', 'The request processing has failed due to some unknown error; quote the RequestId when reporting it.');
};

const isThrottling = (error: unknown): boolean =>
  error instanceof Error && ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'].includes(error.name);

/**
 * Alibaba Cloud's RPC (POP) API on `/`: `?Action=…&Version=2021-05-15&…` by GET or form POST, signed
 * with an AccessKey (signature 1.0 or ACS3-HMAC-SHA256). Each operation calls the same use case as
 * the REST route, so policies, validation, quotas and the audit trail are the REST API's own.
 * Order: access log, per-network limit, body limit, parse, version and action, signature (then the
 * nonce), per-account limit, parameters, the operation (in an audit scope when it changes anything).
 */
export const createRpcApp = (deps: Deps, operations: readonly RpcOperation[]) => {
  const byAction = new Map<string, RpcOperation>();
  for (const op of operations) {
    if (byAction.has(op.action)) throw new Error(`RPC operation ${op.action} is defined twice`);
    byAction.set(op.action, op);
  }
  const app = new Hono<RpcEnv>();
  app.use('*', requestLog<RpcEnv['Variables']>(deps, (v) => (v.principal ? { principal: { account: v.principal.accountId } } : undefined)));
  app.use('*', rateLimit(deps, [{ name: 'management.ip', scope: byClientNetwork }], throttled('Throttling', 'your network')));
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => rpcError(c as Context<RpcEnv>, 'PayloadTooLarge', 'The request body is larger than 1 MB.') }));

  const accountLimit = rateLimit(
    deps,
    [{ name: 'management.account', scope: (c) => (c as Context<RpcEnv>).get('principal')?.accountId }],
    throttled('Throttling.User', 'this account'),
  );

  app.all('/', async (c) => {
    const call = await readSignedCall(c);
    if (!call.ok) return rpcError(c, call.error.code, call.error.message);
    const { action, version } = call.value;
    if (version !== CLOUDSSO_VERSION) return rpcError(c, 'InvalidVersion', `Specified parameter Version is not valid: this endpoint serves CloudSSO ${CLOUDSSO_VERSION}.`);
    const format = call.value.format;
    if (format !== undefined && format.toUpperCase() !== 'JSON') return rpcError(c, 'InvalidParameter.Format', 'Only Format=JSON is supported.');
    const op = byAction.get(action);
    if (!op) return rpcError(c, 'InvalidAction.NotFound', `Specified api ${action} is not found, please check your url and method.`);
    const principal = await authenticateSignedRequest(deps(), call.value.signed);
    if (!principal.ok) return rpcError(c, principal.error.code, principal.error.message);
    c.set('principal', principal.value);
    // The account is known only now, after the signature: the limiter runs here, not as a middleware.
    const limited = await accountLimit(c, async () => undefined);
    if (limited) return limited;

    const respond = async (): Promise<Response> => {
      const params = parseParams(op.params, call.value.params);
      if (!params.ok) return rpcError(c, params.error.code, params.error.message);
      const out = await op.run({ deps: deps(), principal: principal.value, origin: publicOrigin(c) }, params.value);
      if (!out.ok) return rpcError(c, out.error.code, out.error.message);
      return c.json({ RequestId: c.get('requestId'), ...out.value }, 200);
    };
    if (!op.audit) return respond();
    await auditRpcCall(c, deps, { principal: principal.value, action: op.audit, params: call.value.params }, async () => {
      // Answered here, not by onError, so the event records the failure (as hono does for REST routes).
      c.res = await respond().catch((error: unknown) => unexpected(c, error));
    });
    return c.res;
  });
  app.all('*', (c) => rpcError(c, 'InvalidAction.NotFound', `No API at ${c.req.path}; the RPC API is served on /.`));
  app.onError((error, c) => unexpected(c, error));
  return app;
};
