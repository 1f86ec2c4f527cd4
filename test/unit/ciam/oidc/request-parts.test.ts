import { describe, expect, it } from 'vitest';
import { readParam, type RequestParams } from '../../../../domain/ciam/oidc/params';
import { parsePrompt, type Prompt } from '../../../../domain/ciam/oidc/prompt';
import { isRegisteredUri } from '../../../../domain/ciam/oidc/redirect-uri';
import { formatScope, parseScope, type ParsedScope } from '../../../../domain/ciam/oidc/scope';

describe('request parameters (RFC 6749 §3.1)', () => {
  it.each<[RequestParams, string | undefined | 'repeated']>([
    [{ x: 'v' }, 'v'],
    [{}, undefined],
    [{ x: undefined }, undefined],
    [{ x: '' }, undefined],
    [{ x: ['v'] }, 'v'],
    [{ x: [] }, undefined],
    [{ x: ['v', 'v'] }, 'repeated'],
    [{ x: ['', 'v'] }, 'repeated'],
  ])('%j → %s', (params, expected) => {
    const out = readParam(params, 'x');
    if (expected === 'repeated') expect(out).toEqual({ ok: false, error: { code: 'invalid_request', message: expect.any(String) } });
    else expect(out).toEqual({ ok: true, value: expected });
  });

  it('does not read inherited properties', () => {
    expect(readParam({}, 'constructor')).toEqual({ ok: true, value: undefined });
  });
});

describe('scope (RFC 6749 §3.3)', () => {
  it.each<[string, ParsedScope]>([
    ['openid', { known: ['openid'], unknown: [] }],
    ['email openid email', { known: ['openid', 'email'], unknown: [] }],
    ['  openid   profile ', { known: ['openid', 'profile'], unknown: [] }],
    ['openid read:all read:all', { known: ['openid'], unknown: ['read:all'] }],
    ['', { known: [], unknown: [] }],
  ])('%j', (value, expected) => {
    expect(parseScope(value)).toEqual({ ok: true, value: expected });
  });

  it.each(['openid "x"', 'openid a\\b', 'openid\tprofile', 'openid é'])('malformed %j → invalid_scope', (value) => {
    expect(parseScope(value)).toEqual({ ok: false, error: { code: 'invalid_scope', message: expect.any(String) } });
  });

  it('formats in canonical order', () => {
    expect(formatScope(['openid', 'email', 'offline_access'])).toBe('openid email offline_access');
  });
});

describe('prompt (OIDC Core §3.1.2.1)', () => {
  it.each<[string | undefined, readonly Prompt[] | 'invalid']>([
    [undefined, []],
    ['none', ['none']],
    ['login', ['login']],
    ['consent login', ['login', 'consent']],
    ['select_account', ['select_account']],
    ['login login', ['login']],
    ['none login', 'invalid'],
    ['none none', ['none']],
    ['create', 'invalid'],
    ['Login', 'invalid'],
  ])('%j → %j', (value, expected) => {
    const out = parsePrompt(value);
    if (expected === 'invalid') expect(out).toEqual({ ok: false, error: { code: 'invalid_request', message: expect.any(String) } });
    else expect(out).toEqual({ ok: true, value: expected });
  });
});

describe('redirect URI comparison (RFC 6749 §3.1.2.3: exact)', () => {
  const registered = ['https://app.example.com/callback', 'http://127.0.0.1:8080/cb'];
  it.each<[string, boolean]>([
    ['https://app.example.com/callback', true],
    ['http://127.0.0.1:8080/cb', true],
    ['https://app.example.com/callback/', false],
    ['https://app.example.com/callbackx', false],
    ['https://app.example.com/call', false],
    ['https://app.example.com/Callback', false],
    ['HTTPS://app.example.com/callback', false],
    ['https://app.example.com.evil.example/callback', false],
    ['https://app.example.com/callback?x=1', false],
    ['http://127.0.0.1:8081/cb', false],
    ['http://localhost:8080/cb', false],
    ['', false],
  ])('%s → %s', (candidate, expected) => {
    expect(isRegisteredUri(registered, candidate)).toBe(expected);
  });
});
