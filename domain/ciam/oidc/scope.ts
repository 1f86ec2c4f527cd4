import { ok, type Result } from '../../shared/result';
import { oauthFail, type OAuthError } from './errors';

/** The scopes an Atrium instance knows, in their canonical order (OIDC Core §3.1.2.1, §5.4, §11). */
export const SUPPORTED_SCOPES = ['openid', 'profile', 'email', 'phone', 'offline_access'] as const;
export type Scope = (typeof SUPPORTED_SCOPES)[number];

const isSupportedScope = (token: string): token is Scope => (SUPPORTED_SCOPES as readonly string[]).includes(token);

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), tokens separated by spaces.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export type ParsedScope = {
  /** Known scopes, each once, in canonical order. */
  readonly known: readonly Scope[];
  /** Well-formed tokens Atrium does not know, in request order. */
  readonly unknown: readonly string[];
};

/**
 * Splits a `scope` parameter. A token outside the RFC 6749 §3.3 grammar is `invalid_scope` ("malformed");
 * what to do with well-formed unknown tokens is the caller's decision (see `authorization-request.ts` and
 * `token-request.ts`). Order and repetition carry no meaning (RFC 6749 §3.3 "order does not matter").
 */
export const parseScope = (value: string): Result<ParsedScope, OAuthError<'invalid_scope'>> => {
  const tokens = value.split(' ').filter((t) => t !== '');
  const unknown: string[] = [];
  const seen = new Set<Scope>();
  for (const token of tokens) {
    if (!SCOPE_TOKEN.test(token)) return oauthFail('invalid_scope', 'The scope parameter is malformed (RFC 6749 section 3.3).');
    if (isSupportedScope(token)) seen.add(token);
    else if (!unknown.includes(token)) unknown.push(token);
  }
  return ok({ known: SUPPORTED_SCOPES.filter((s) => seen.has(s)), unknown });
};

/** The wire form: space-delimited, canonical order. */
export const formatScope = (scope: readonly Scope[]): string => scope.join(' ');

export const hasScope = (scope: readonly Scope[], wanted: Scope): boolean => scope.includes(wanted);
