import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OtplibTotpService } from '../../../adapters/crypto/totp';
import { acceptCode, type MfaDevice } from '../../../domain/logon/mfa';
import type { DirectoryId, UserId } from '../../../domain/shared/ids';

const totp = new OtplibTotpService();

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890" (base32 below). The RFC's
// 8-digit codes are the binary value mod 10^8; 6-digit codes are its last six digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

/** RFC 4226 §5.3 by hand (node:crypto), independent of otplib, for codes at neighbouring steps. */
const hotp = (key: Buffer, counter: number): string => {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
};
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP codes (otplib v13: SHA-1, 6 digits, 30 s, ±1 step)', () => {
  it.each<[number, string, number]>([
    [59, '287082', 1],
    [1111111109, '081804', 37037036],
    [1111111111, '050471', 37037037],
    [1234567890, '005924', 41152263],
    [2000000000, '279037', 66666666],
    [20000000000, '353130', 666666666],
  ])('RFC 6238 vector at T = %i: %s matches step %i', (t, code, step) => {
    expect(totp.verify(RFC_SECRET, code, at(t))).toBe(step);
  });

  it('the hand-made generator agrees with the RFC vectors', () => {
    expect(hotp(RFC_KEY, 37037036)).toBe('081804');
    expect(hotp(RFC_KEY, 41152263)).toBe('005924');
  });

  it.each<[number, number | undefined]>([
    [-2, undefined],
    [-1, -1],
    [0, 0],
    [1, 1],
    [2, undefined],
  ])('a code %i steps from now → matched offset %s', (offset, expected) => {
    const now = at(1234567890); // step 41152263, 0 s into it
    const step = 41152263 + offset;
    const matched = totp.verify(RFC_SECRET, hotp(RFC_KEY, step), now);
    expect(matched === undefined ? undefined : matched - 41152263).toBe(expected);
  });

  it.each([
    ['wrong code', '000000'],
    ['too short', '12345'],
    ['too long', '1234567'],
    ['not digits', 'abcdef'],
    ['empty', ''],
  ])('refuses a %s without throwing', (_name, code) => {
    expect(totp.verify(RFC_SECRET, code, at(1234567890))).toBeUndefined();
  });

  it('accepts a code typed with a space, as apps show it', () => {
    expect(totp.verify(RFC_SECRET, '005 924', at(1234567890))).toBe(41152263);
  });

  it('refuses a replay of a code within its window, and accepts the next step', () => {
    const device: MfaDevice = {
      directoryId: 'd-aaaaaaaaaaaa' as DirectoryId,
      userId: 'u-1' as UserId,
      deviceId: 'mfa-1',
      type: 'TOTP',
      name: 'Phone',
      secret: RFC_SECRET,
      createdAt: '2009-02-13T00:00:00.000Z',
      version: 1,
    };
    const t0 = at(1234567890);
    const code = hotp(RFC_KEY, 41152263);
    const first = acceptCode(device, totp.verify(device.secret, code, t0), t0);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    // 20 s later the same code still verifies (same step) and, 40 s later, as the previous step:
    for (const later of [at(1234567910), at(1234567930)]) {
      const step = totp.verify(device.secret, code, later);
      expect(step).toBe(41152263);
      expect(acceptCode(first.value, step, later)).toMatchObject({ ok: false, error: { code: 'InvalidMFACode.Replayed' } });
    }
    // An older code, still inside the window, is refused too.
    const t1 = at(1234567920);
    expect(acceptCode(first.value, totp.verify(device.secret, hotp(RFC_KEY, 41152262), t1), t1)).toMatchObject({ ok: false });
    // The next step's code is accepted.
    const next = acceptCode(first.value, totp.verify(device.secret, hotp(RFC_KEY, 41152264), t1), t1);
    expect(next).toMatchObject({ ok: true, value: { lastUsedStep: 41152264 } });
  });

  it('makes 20-byte base32 secrets and an otpauth URI with the parameters', () => {
    const secret = totp.newSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits
    expect(totp.newSecret()).not.toBe(secret);
    const uri = new URL(totp.uri(secret, 'alice@example.com', 'Atrium CloudSSO'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Atrium CloudSSO:alice@example.com');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Atrium CloudSSO');
    // Key Uri Format: SHA1, 6 and 30 are the defaults; otplib leaves defaults out.
    expect(uri.searchParams.get('algorithm') ?? 'SHA1').toBe('SHA1');
    expect(uri.searchParams.get('digits') ?? '6').toBe('6');
    expect(uri.searchParams.get('period') ?? '30').toBe('30');
    // A code for a fresh secret verifies.
    const now = new Date('2026-11-23T10:00:05Z');
    const key = Buffer.from(base32Decode(secret));
    expect(totp.verify(secret, hotp(key, Math.floor(now.getTime() / 30_000)), now)).toBe(Math.floor(now.getTime() / 30_000));
  });
});

/** RFC 4648 base32 decode (upper case, no padding), for the test only. */
function base32Decode(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}
