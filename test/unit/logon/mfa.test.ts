import { describe, expect, it } from 'vitest';
import { acceptCode, mfaRequired, newTotpDevice, type MfaDevice, type MfaRequirement, type MfaSetting } from '../../../domain/logon/mfa';
import type { DirectoryId, UserId } from '../../../domain/shared/ids';

describe('is MFA required at logon (CloudSSO SetMFAAuthenticationStatus)', () => {
  it.each<[MfaSetting, boolean, boolean, MfaRequirement]>([
    ['Enabled', true, false, 'verify'],
    ['Enabled', false, false, 'enroll'],
    ['Enabled', true, true, 'verify'],
    ['Enabled', false, true, 'enroll'],
    ['ByUser', true, false, 'verify'],
    ['ByUser', false, false, 'none'],
    ['ByUser', true, true, 'verify'],
    ['ByUser', false, true, 'none'],
    ['OnlyRiskyLogon', true, true, 'verify'],
    ['OnlyRiskyLogon', false, true, 'enroll'],
    ['OnlyRiskyLogon', true, false, 'none'],
    ['OnlyRiskyLogon', false, false, 'none'],
    ['Disabled', true, true, 'none'],
    ['Disabled', false, true, 'none'],
    ['Disabled', true, false, 'none'],
    ['Disabled', false, false, 'none'],
  ])('%s, has device %s, risky %s → %s', (setting, hasDevice, risky, expected) => {
    expect(mfaRequired(setting, hasDevice, risky)).toBe(expected);
  });
});

describe('accepting a TOTP code', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const enrolled = (() => {
    const d = newTotpDevice({
      directoryId: 'd-aaaaaaaaaaaa' as DirectoryId,
      userId: 'u-1' as UserId,
      deviceId: 'mfa-1',
      name: '  Phone ',
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      firstStep: 100,
      now,
    });
    if (!d.ok) throw new Error('setup');
    return d.value;
  })();

  it('records the enrolment code’s step, so that code cannot log on afterwards', () => {
    expect(enrolled).toMatchObject({ name: 'Phone', type: 'TOTP', lastUsedStep: 100, version: 1 });
    expect(acceptCode(enrolled, 100, now)).toMatchObject({ ok: false, error: { code: 'InvalidMFACode.Replayed' } });
  });

  it.each<[number | undefined, number | undefined, string | undefined]>([
    [undefined, 5, undefined], // first use of a device with no step recorded
    [100, 101, undefined],
    [100, 100, 'InvalidMFACode.Replayed'], // the same code again, within its window
    [100, 99, 'InvalidMFACode.Replayed'], // an older code still inside the ±1 window
    [100, undefined, 'InvalidMFACode'], // TotpService matched nothing
  ])('last step %s, matched %s → %s', (last, matched, code) => {
    const { lastUsedStep: _drop, ...rest } = enrolled;
    const device: MfaDevice = last === undefined ? rest : { ...rest, lastUsedStep: last };
    const later = new Date(now.getTime() + 60_000);
    const out = acceptCode(device, matched, later);
    if (code === undefined) {
      expect(out).toEqual({ ok: true, value: { ...device, lastUsedStep: matched, lastUsedAt: later.toISOString(), version: device.version + 1 } });
    } else {
      expect(out).toMatchObject({ ok: false, error: { code } });
    }
  });

  it.each(['', '   ', 'x'.repeat(65)])('refuses the device name %j', (name) => {
    const out = newTotpDevice({ ...enrolled, name, firstStep: 1, now });
    expect(out).toMatchObject({ ok: false, error: { code: 'InvalidParameter.MFADeviceName' } });
  });
});
