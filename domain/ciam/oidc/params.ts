import { ok, type Result } from '../../shared/result';
import { oauthFail, type OAuthError } from './errors';

/**
 * Query or form parameters as the edge parsed them. A name sent more than once arrives as an array, so the
 * protocol rule below can refuse it rather than the edge silently keeping one of the values.
 */
export type RequestParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * One parameter's value.
 * RFC 6749 §3.1 / §3.2: "Parameters sent without a value MUST be treated as if they were omitted from the
 * request" and "Request and response parameters MUST NOT be included more than once."
 */
export const readParam = (params: RequestParams, name: string): Result<string | undefined, OAuthError<'invalid_request'>> => {
  // Own properties only: a name like `constructor` must not read Object.prototype.
  const raw = Object.hasOwn(params, name) ? params[name] : undefined;
  if (raw === undefined) return ok(undefined);
  if (typeof raw === 'string') return ok(raw === '' ? undefined : raw);
  if (raw.length > 1) return oauthFail('invalid_request', `The ${name} parameter must not be sent more than once.`);
  const only = raw[0];
  return ok(only === undefined || only === '' ? undefined : only);
};
