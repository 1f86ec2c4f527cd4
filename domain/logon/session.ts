import type { DirectoryId, UserId } from '../shared/ids';
import type { LogonMethod } from './logon-settings';

/**
 * Where a portal session stands. Only `active` reaches the portal; the others allow just the step they
 * name (a password change forced at first logon, an MFA code, enrolling a device).
 */
export type SessionStage = 'active' | 'change-password' | 'mfa' | 'enroll-mfa';

/**
 * A server-side portal session. The cookie carries a random id; only its hash is stored, so a read of
 * the table yields no usable session.
 */
export type PortalSession = {
  readonly idHash: string;
  readonly directoryId: DirectoryId;
  readonly userId: UserId;
  readonly stage: SessionStage;
  /** The logon method in force when it began: a change of method ends the session. */
  readonly method: LogonMethod | 'BreakGlass';
  /** Per-session CSRF secret, checked on every form post. */
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** Pending TOTP secret while enrolling a device. */
  readonly pendingTotpSecret?: string;
  /** A password logon's client network, remembered as known once the session is fully signed in. */
  readonly network?: string;
  /** The password step judged this logon risky (MFA "OnlyRiskyLogon"); kept until the second factor. */
  readonly risky?: boolean;
};

export const isExpired = (s: PortalSession, now: Date): boolean => new Date(s.expiresAt).getTime() <= now.getTime();
