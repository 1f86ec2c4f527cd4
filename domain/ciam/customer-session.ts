import type { CustomerId, InstanceId } from '../shared/ids';

/** How the customer authenticated (OIDC `amr` values, RFC 8176): password, SMS code. */
export type AuthenticationMethod = 'pwd' | 'sms';

/**
 * A customer's browser session at one instance: every application of the instance shares it (single
 * sign-on within the instance, never across instances). The cookie carries a random id; only its hash
 * is stored. `stage` is 'second-factor' between a correct password and the SMS code an application
 * asks for, 'password-change' between a correct password an administrator marked as temporary and the
 * new one the customer chooses; only 'active' answers authorization requests.
 */
export type CustomerSession = {
  readonly idHash: string;
  readonly instanceId: InstanceId;
  readonly customerId: CustomerId;
  readonly stage: 'active' | 'second-factor' | 'password-change';
  /** Seconds since the epoch of the last active authentication (OIDC Core §2 auth_time). */
  readonly authTime: number;
  readonly methods: readonly AuthenticationMethod[];
  /** Per-session CSRF secret for the hosted pages' forms. */
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
};

/** A logon lasts a working day; a pending step (second factor, password change) ten minutes. */
export const CUSTOMER_SESSION_SECONDS = 8 * 3600;
export const PENDING_STEP_SECONDS = 10 * 60;

export const isSessionExpired = (s: CustomerSession, now: Date): boolean => new Date(s.expiresAt).getTime() <= now.getTime();
