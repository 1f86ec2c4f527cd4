/**
 * What of a request goes into the audit trail. Security teams want the parameters (which user, which
 * policy, which account); nobody may find a password, OTP, token, secret, hash or SAML assertion
 * there. Names that could hold one are dropped with their values, wherever they nest; values are
 * bounded so a 1 MB import does not become a 1 MB audit record.
 */
const SECRET_NAME = /pass(word|phrase)?|secret|token|otp|^code$|verificationcode|smscode|captcha|answer|credential(?!id)|assertion|samlresponse|samlrequest|private|hash|cookie|authorization|signature|^key$|totp|seed/i;

const MAX_DEPTH = 4;
const MAX_KEYS = 40;
const MAX_ITEMS = 20;
const MAX_STRING = 256;

export const REDACTED = '[redacted]';

export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);

const clean = (value: unknown, depth: number): unknown => {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (Array.isArray(value)) {
    if (depth >= MAX_DEPTH) return `[${value.length} items]`;
    const items = value.slice(0, MAX_ITEMS).map((v) => clean(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  if (typeof value === 'object') {
    if (depth >= MAX_DEPTH) return '{…}';
    const out: Record<string, unknown> = {};
    const entries = Object.entries(value as Record<string, unknown>);
    // A SCIM PATCH operation names its attribute in `path`: `{path: "password", value: "…"}`.
    const namesSecret = ['path', 'name', 'attribute'].some((k) => {
      const named = (value as Record<string, unknown>)[k];
      return typeof named === 'string' && isSecretName(named);
    });
    for (const [k, v] of entries.slice(0, MAX_KEYS)) {
      if (v === undefined) continue;
      if (isSecretName(k) || (namesSecret && k === 'value')) {
        out[k] = REDACTED;
        continue;
      }
      out[k] = clean(v, depth + 1);
    }
    return out;
  }
  return undefined;
};

/** The request's parameters as the audit trail keeps them. */
export const auditParameters = (params: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  clean(params, 0) as Record<string, unknown>;
