import { describe, expect, it } from 'vitest';
import { decideAuthentication, type AuthenticationDecision, type OidcSession } from '../../../../domain/ciam/oidc/authentication-requirement';
import type { Prompt } from '../../../../domain/ciam/oidc/prompt';
import { at, NOW, NOW_S } from './fixtures';

const requestedAt = NOW;
const oldSession: OidcSession = { accountId: 'acct-1', authTime: NOW_S - 3600 };
const freshSession: OidcSession = { accountId: 'acct-1', authTime: NOW_S + 20 }; // signed in during this request
const use = (s: OidcSession): AuthenticationDecision => ({ kind: 'use-session', accountId: s.accountId, authTime: s.authTime });
const authenticate: AuthenticationDecision = { kind: 'authenticate' };

type Case = [string, readonly Prompt[], number | undefined, OidcSession | undefined, AuthenticationDecision | 'login_required'];

describe('whether to authenticate (OIDC Core §3.1.2.1, §3.1.2.3)', () => {
  it.each<Case>([
    ['no session', [], undefined, undefined, authenticate],
    ['a session', [], undefined, oldSession, use(oldSession)],
    ['prompt=login with an old session', ['login'], undefined, oldSession, authenticate],
    ['prompt=login after signing in during the request (no loop)', ['login'], undefined, freshSession, use(freshSession)],
    ['prompt=select_account behaves as login', ['select_account'], undefined, oldSession, authenticate],
    ['prompt=consent needs no new logon', ['consent'], undefined, oldSession, use(oldSession)],
    ['prompt=none without a session → login_required', ['none'], undefined, undefined, 'login_required'],
    ['prompt=none with a session', ['none'], undefined, oldSession, use(oldSession)],
    ['max_age satisfied (session 3630 s old)', [], 3630, oldSession, use(oldSession)],
    ['max_age exceeded by one second', [], 3629, oldSession, authenticate],
    ['max_age exceeded with prompt=none → login_required', ['none'], 60, oldSession, 'login_required'],
    ['max_age=0 is prompt=login', [], 0, oldSession, authenticate],
    ['max_age=0 after signing in during the request', [], 0, freshSession, use(freshSession)],
  ])('%s', (_name, prompt, maxAge, session, expected) => {
    const out = decideAuthentication({ prompt, ...(maxAge === undefined ? {} : { maxAge }) }, session, { requestedAt, now: at(30) });
    if (expected === 'login_required') {
      expect(out).toEqual({ ok: false, error: { code: 'login_required', message: expect.any(String) } });
    } else {
      expect(out).toEqual({ ok: true, value: expected });
    }
  });
});
