import { describe, expect, it } from 'vitest';
import { base64UrlEncode } from '../../../../domain/ciam/oidc/base64url';
import { isCodeVerifier, isS256CodeChallenge, s256CodeChallenge, verifyS256 } from '../../../../domain/ciam/oidc/pkce';
import { CHALLENGE, sha256, VERIFIER } from './fixtures';

describe('base64url (RFC 4648 §5, no padding)', () => {
  it.each<[number[], string]>([
    [[], ''],
    [[0x66], 'Zg'],
    [[0x66, 0x6f], 'Zm8'],
    [[0x66, 0x6f, 0x6f], 'Zm9v'],
    [[0x66, 0x6f, 0x6f, 0x62], 'Zm9vYg'],
    [[0xfb, 0xff], '-_8'],
    [[0xff, 0xff, 0xfe], '___-'],
  ])('%j → %s', (bytes, expected) => {
    expect(base64UrlEncode(Uint8Array.from(bytes))).toBe(expected);
  });

  it('agrees with Node for every length up to 64', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 0xff);
      expect(base64UrlEncode(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });
});

describe('PKCE code_verifier grammar (RFC 7636 §4.1)', () => {
  it.each<[string, boolean]>([
    [VERIFIER, true],
    ['a'.repeat(43), true],
    ['a'.repeat(128), true],
    ['a'.repeat(42), false],
    ['a'.repeat(129), false],
    [`${'a'.repeat(40)}-._~`, true],
    [`${'a'.repeat(42)}+`, false],
    [`${'a'.repeat(42)}/`, false],
    [`${'a'.repeat(42)}=`, false],
    [`${'a'.repeat(42)} `, false],
    [`${'a'.repeat(42)}é`, false],
    ['', false],
  ])('%s → %s', (verifier, valid) => {
    expect(isCodeVerifier(verifier)).toBe(valid);
  });
});

describe('PKCE S256 (RFC 7636 §4.2, §4.6)', () => {
  it('computes the RFC 7636 Appendix B challenge', () => {
    expect(s256CodeChallenge(VERIFIER, sha256)).toBe(CHALLENGE);
    expect(isS256CodeChallenge(CHALLENGE)).toBe(true);
  });

  it.each<[string, string, string, boolean]>([
    ['the matching verifier', VERIFIER, CHALLENGE, true],
    ['a different verifier', `${VERIFIER.slice(0, -1)}l`, CHALLENGE, false],
    ['the verifier used as a plain challenge', VERIFIER, VERIFIER, false],
    ['the challenge sent as the verifier', CHALLENGE, CHALLENGE, false],
    ['a verifier outside the grammar whose hash matches', 'short', s256CodeChallenge('short', sha256), false],
    ['an empty verifier', '', CHALLENGE, false],
  ])('%s → %s', (_name, verifier, challenge, expected) => {
    expect(verifyS256(verifier, challenge, sha256)).toBe(expected);
  });

  it.each<[string, boolean]>([
    [CHALLENGE, true],
    [CHALLENGE.slice(1), false],
    [`${CHALLENGE}A`, false],
    [`${CHALLENGE.slice(1)}=`, false],
    [CHALLENGE.replace('-', '+'), false],
  ])('challenge shape %s → %s', (challenge, expected) => {
    expect(isS256CodeChallenge(challenge)).toBe(expected);
  });
});
