import type { DirectoryId, UserId } from '../shared/ids';
import { err, ok, type Failure, type Result } from '../shared/result';

/**
 * A directory's MFA setting (CloudSSO SetMFAAuthenticationStatus / GetMFAAuthenticationStatus):
 * - `Enabled`: every user verifies a device at logon, and enrols one at first logon;
 * - `ByUser`: users who have enrolled a device verify it; the others are not asked;
 * - `OnlyRiskyLogon`: like `Enabled`, but only for logons judged risky;
 * - `Disabled`: never asked.
 */
export type MfaSetting = 'Enabled' | 'ByUser' | 'Disabled' | 'OnlyRiskyLogon';
export const MFA_SETTINGS: readonly MfaSetting[] = ['Enabled', 'ByUser', 'Disabled', 'OnlyRiskyLogon'];

/** A user's TOTP authenticator (RFC 6238). */
export type MfaDevice = {
  readonly directoryId: DirectoryId;
  readonly userId: UserId;
  readonly deviceId: string;
  readonly type: 'TOTP';
  readonly name: string;
  /**
   * The shared secret, base32 (RFC 4648), as the authenticator app holds it. It must be readable to
   * check codes, so it cannot be hashed: protecting it at rest (table encryption with a customer KMS
   * key, or envelope encryption in the repository) belongs to the store, not to this type.
   */
  readonly secret: string;
  readonly createdAt: string;
  /** The time step of the last accepted code; codes of this step or earlier are refused (replay). */
  readonly lastUsedStep?: number;
  readonly lastUsedAt?: string;
  readonly version: number;
};

export type MfaRequirement = 'none' | 'verify' | 'enroll';

/** What a logon that passed its password must still do. */
export const mfaRequired = (setting: MfaSetting, userHasDevice: boolean, risky: boolean): MfaRequirement => {
  switch (setting) {
    case 'Enabled':
      return userHasDevice ? 'verify' : 'enroll';
    case 'ByUser':
      return userHasDevice ? 'verify' : 'none';
    case 'OnlyRiskyLogon':
      return risky ? mfaRequired('Enabled', userHasDevice, risky) : 'none';
    case 'Disabled':
      return 'none';
  }
};

export const MFA_DEVICE_NAME_MAX = 64;

export type MfaDeviceNameInvalid = Failure<'InvalidParameter.MFADeviceName'>;

/**
 * A device enrolled by a first valid code, whose step is recorded at once so the code shown during
 * enrolment cannot be used again to log on.
 */
export const newTotpDevice = (input: {
  readonly directoryId: DirectoryId;
  readonly userId: UserId;
  readonly deviceId: string;
  readonly name: string;
  readonly secret: string;
  readonly firstStep: number;
  readonly now: Date;
}): Result<MfaDevice, MfaDeviceNameInvalid> => {
  const name = input.name.trim();
  if (name.length === 0 || [...name].length > MFA_DEVICE_NAME_MAX) {
    return err({ code: 'InvalidParameter.MFADeviceName', message: `A device name has 1 to ${MFA_DEVICE_NAME_MAX} characters.` });
  }
  const now = input.now.toISOString();
  return ok({
    directoryId: input.directoryId,
    userId: input.userId,
    deviceId: input.deviceId,
    type: 'TOTP',
    name,
    secret: input.secret,
    createdAt: now,
    lastUsedStep: input.firstStep,
    lastUsedAt: now,
    version: 1,
  });
};

export type MfaCodeRejected = Failure<'InvalidMFACode' | 'InvalidMFACode.Replayed'>;

/**
 * Accepts a code that `TotpService.verify` matched at `matchedStep` (undefined: it matched none).
 * A code whose step is not after the last accepted one is refused: a TOTP code stays valid for its
 * window (±1 step here), and RFC 6238 §5.2 says the verifier must not accept it a second time.
 * The caller writes the result with `put(device, previous.version)`, so of two concurrent uses of one
 * code only one wins (the other gets ConcurrentModification and must be refused too).
 */
export const acceptCode = (device: MfaDevice, matchedStep: number | undefined, now: Date): Result<MfaDevice, MfaCodeRejected> => {
  if (matchedStep === undefined) return err({ code: 'InvalidMFACode', message: 'The code is not valid.' });
  if (device.lastUsedStep !== undefined && matchedStep <= device.lastUsedStep) {
    return err({ code: 'InvalidMFACode.Replayed', message: 'This code was already used; wait for the next one.' });
  }
  return ok({ ...device, lastUsedStep: matchedStep, lastUsedAt: now.toISOString(), version: device.version + 1 });
};
