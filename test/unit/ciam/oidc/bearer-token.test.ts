import { describe, expect, it } from 'vitest';
import { bearerError, bearerErrorResponse, readBearerToken } from '../../../../domain/ciam/oidc/bearer-token';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln';

describe('readBearerToken (RFC 6750 §2)', () => {
  it.each([
    ['the Authorization header', `Bearer ${TOKEN}`, undefined, TOKEN],
    ['a case-insensitive scheme and extra spaces', `bEARER   ${TOKEN}  `, undefined, TOKEN],
    ['base64 padding and b64token characters', 'Bearer a-b.c_d~e+f/g==', undefined, 'a-b.c_d~e+f/g=='],
    ['the form body of a POST', undefined, { access_token: TOKEN }, TOKEN],
    ['the form body next to a header of another scheme', 'Basic Zm9vOmJhcg==', { access_token: TOKEN }, TOKEN],
  ] as const)('reads %s', (_name, header, form, expected) => {
    expect(readBearerToken(header, form)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['nothing at all', undefined, undefined, 'missing_token'],
    ['an empty form', undefined, {}, 'missing_token'],
    ['a header of another scheme', 'Basic Zm9vOmJhcg==', undefined, 'missing_token'],
    ['a Bearer header without a token', 'Bearer', undefined, 'invalid_request'],
    ['a Bearer header with two tokens', `Bearer ${TOKEN} ${TOKEN}`, undefined, 'invalid_request'],
    ['a token with characters outside b64token', 'Bearer abc"def', undefined, 'invalid_request'],
    ['header and body at once', `Bearer ${TOKEN}`, { access_token: TOKEN }, 'invalid_request'],
    ['access_token twice', undefined, { access_token: [TOKEN, TOKEN] }, 'invalid_request'],
  ] as const)('refuses %s', (_name, header, form, code) => {
    const read = readBearerToken(header, form);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.code).toBe(code);
  });
});

describe('bearerErrorResponse (RFC 6750 §3)', () => {
  const realm = 'https://id.example/ciam/i-1/oidc';

  it('answers a request without credentials with a bare challenge and no error code', () => {
    expect(bearerErrorResponse(bearerError('missing_token', 'An access token is required.'), realm)).toEqual({
      status: 401,
      headers: { 'www-authenticate': `Bearer realm="${realm}"`, 'cache-control': 'no-store' },
    });
  });

  it.each([
    ['invalid_request', 400],
    ['invalid_token', 401],
    ['insufficient_scope', 403],
  ] as const)('answers %s with %i, the code in the challenge and the body', (code, status) => {
    const response = bearerErrorResponse(bearerError(code, 'Why.'), realm);
    expect(response.status).toBe(status);
    expect(response.headers['www-authenticate']).toBe(`Bearer realm="${realm}", error="${code}", error_description="Why."`);
    expect(response.body).toEqual({ error: code, error_description: 'Why.' });
  });

  it('refuses a description that would break out of the quoted string', () => {
    expect(() => bearerError('invalid_token', 'a "quoted" word')).toThrow();
    expect(() => bearerErrorResponse(bearerError('invalid_token', 'x'), 'realm"')).toThrow();
  });
});
