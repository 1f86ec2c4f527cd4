import { describe, expect, it } from 'vitest';
import { HmacCodeHasher } from '../../../adapters/crypto/hmac-code-hasher';
import {
  answerMatches,
  captchaRequired,
  clientKey,
  failuresWithinWindow,
  identifierKey,
  newCaptchaChallenge,
} from '../../../domain/ciam/captcha';
import type { InstanceId } from '../../../domain/shared/ids';

const hasher = new HmacCodeHasher('unit-test-key-unit-test-key-unit-test-key');
const now = new Date('2030-01-01T10:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const instanceId = 'idaas_a' as InstanceId;

describe('the CAPTCHA rule: 2 failed logons within 3 minutes', () => {
  it.each([
    ['no failures', [[], []], false],
    ['one failure', [[ago(10)], []], false],
    ['two failures of the identifier', [[ago(10), ago(100)], []], true],
    ['two failures from the client', [[], [ago(1), ago(2)]], true],
    ['one each: neither key reached two', [[ago(10)], [ago(20)]], false],
    ['two failures 179 s apart', [[ago(0), ago(179)], []], true],
    ['the older one just left the window', [[ago(0), ago(180)], []], false],
    ['both older than 3 minutes', [[ago(181), ago(200)], []], false],
    ['a burst long ago, one now', [[ago(1), ago(600), ago(601), ago(602)], []], false],
    ['failures straddling what a fixed window would split', [[ago(1), ago(5)], []], true],
  ] as const)('%s → %s', (_name, failures, required) => {
    expect(captchaRequired(failures, now)).toBe(required);
  });

  it('does not count failures dated after now (clock skew between instances is not a failure burst)', () => {
    expect(failuresWithinWindow([new Date(now.getTime() + 5000), ago(1)], now)).toBe(1);
  });
});

describe('failed-logon keys', () => {
  it.each([
    ['alice@example.com', 'alice@example.com'],
    ['  Alice@Example.COM ', 'alice@example.com'],
    ['ａｌｉｃｅ', 'alice'],
    ['+8613800138000', '+8613800138000'],
  ])('identifier %j counts as %j', (identifier, value) => {
    expect(identifierKey(instanceId, identifier)).toEqual({ instanceId, scope: 'Identifier', value });
  });

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:DB8:0:0:ffff::3', '2001:db8:0:0::/64'],
    ['2001:db8:0:1::1', '2001:db8:0:1::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8:0:0::/64'],
    ['unknown', 'unknown'],
  ])('client %s counts as %s', (ip, value) => {
    expect(clientKey(instanceId, ip)).toEqual({ instanceId, scope: 'Ip', value });
  });
});

describe('CAPTCHA challenges', () => {
  const challenge = newCaptchaChallenge({ instanceId, id: 'challenge-one-0000', text: 'Ab3Kx', hasher, now });

  it('stores a keyed hash of the answer, never the answer, for 5 minutes', () => {
    expect(challenge).toEqual({
      instanceId,
      id: 'challenge-one-0000',
      answerHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      expiresAt: '2030-01-01T10:05:00.000Z',
    });
    expect(JSON.stringify(challenge).toLowerCase()).not.toContain('ab3kx');
  });

  it.each([
    ['the text as shown', 'Ab3Kx', 0, true],
    ['another case', 'aB3kX', 0, true],
    ['with spaces around', '  AB3KX ', 0, true],
    ['full-width', 'Ａｂ３Ｋｘ', 0, true],
    ['just before expiry', 'ab3kx', 299, true],
    ['at expiry', 'ab3kx', 300, false],
    ['one character off', 'ab3ky', 0, false],
    ['a prefix', 'ab3k', 0, false],
    ['empty', '', 0, false],
    ['absurdly long', 'ab3kx'.repeat(20), 0, false],
  ] as const)('%s → %s', (_name, answer, after, ok) => {
    expect(answerMatches(challenge, answer, hasher, new Date(now.getTime() + after * 1000))).toBe(ok);
  });

  it('an answer is bound to its challenge: the same text under another id or instance does not match', () => {
    const other = newCaptchaChallenge({ instanceId, id: 'challenge-two-0000', text: 'Ab3Kx', hasher, now });
    expect(other.answerHash).not.toBe(challenge.answerHash);
    // Someone who swaps the stored hash of a solved challenge into another gets nowhere.
    expect(answerMatches({ ...other, answerHash: challenge.answerHash }, 'Ab3Kx', hasher, now)).toBe(false);
    expect(answerMatches({ ...challenge, instanceId: 'idaas_b' as InstanceId }, 'Ab3Kx', hasher, now)).toBe(false);
  });
});
