/**
 * A signed-in console user: the API key's hash (never the key), so every request authenticates
 * again and a deactivated key or a changed policy takes effect at once. Absolute lifetime only:
 * the console is a management tool, and eight hours is a working day.
 */
export type ConsoleSession = {
  readonly idHash: string;
  readonly keySecretHash: string;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
};

export const CONSOLE_SESSION_SECONDS = 8 * 3600;
