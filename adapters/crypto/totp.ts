import { generateSecret, generateURI, verifySync } from 'otplib';
import type { TotpService } from '../../domain/logon/ports';

/**
 * The parameters every common authenticator app supports (and the only ones Google Authenticator
 * honours): HMAC-SHA-1, 6 digits, 30-second steps (RFC 6238 §4, §5.2).
 * A 20-byte (160-bit) secret, as RFC 4226 §4 recommends.
 */
export const TOTP = { algorithm: 'sha1', digits: 6, period: 30, secretBytes: 20, driftSteps: 1 } as const;

/** otplib v13 (its default Noble crypto and Scure base32 plugins, which support the sync API). */
export class OtplibTotpService implements TotpService {
  newSecret(): string {
    return generateSecret({ length: TOTP.secretBytes });
  }

  uri(secret: string, account: string, issuer: string): string {
    return generateURI({ issuer, label: account, secret, algorithm: TOTP.algorithm, digits: TOTP.digits, period: TOTP.period });
  }

  verify(secret: string, code: string, now: Date): number | undefined {
    // Apps show "123 456"; otplib throws on anything but the exact digit count, so filter first.
    const token = code.replace(/\s+/g, '');
    if (!new RegExp(`^\\d{${TOTP.digits}}$`).test(token)) return undefined;
    const result = verifySync({
      secret,
      token,
      algorithm: TOTP.algorithm,
      digits: TOTP.digits,
      period: TOTP.period,
      epoch: Math.floor(now.getTime() / 1000),
      // In seconds: one period either side accepts exactly the previous, current and next step.
      epochTolerance: TOTP.period * TOTP.driftSteps,
    });
    // The functional API's result type also covers HOTP, whose results carry no time step.
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  }
}
