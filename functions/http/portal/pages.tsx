import type { AccessibleAccount } from '../../../domain/access/entitlements';
import { ErrorBox, Layout } from './layout';

type Base = { directoryName: string };

export const LoginPage = (p: Base & { directoryId: string; csrf: string; error?: string | undefined; userName?: string | undefined; sso: boolean; showPassword: boolean; notice?: string | undefined }) => (
  <Layout title="Sign in" directoryName={p.directoryName}>
    <div class="card narrow">
      <h1>Sign in to the user portal</h1>
      {p.notice && <div class="notice">{p.notice}</div>}
      <ErrorBox message={p.error} />
      {p.sso && (
        <div>
          <p class="muted">Your organisation signs you in with its identity provider.</p>
          {/* A link, not a form: the page's CSP (form-action 'self') would stop a form's redirect to the IdP. */}
          <a class="button" role="button" href={`/saml/${p.directoryId}/login`}>
            Redirect to your identity provider
          </a>
        </div>
      )}
      {p.showPassword && (
        <form method="post" action={`/portal/${p.directoryName}/login`}>
          {p.sso && <h2>Break-glass sign-in</h2>}
          <input type="hidden" name="csrf" value={p.csrf} />
          <label for="userName">User name</label>
          <input id="userName" name="userName" type="text" autocomplete="username" required value={p.userName ?? ''} />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">Sign in</button>
        </form>
      )}
    </div>
  </Layout>
);

export const ChangePasswordPage = (p: Base & { csrf: string; userName: string; error?: string | undefined; reason: string }) => (
  <Layout title="Change password" directoryName={p.directoryName} signedInAs={p.userName} csrf={p.csrf}>
    <div class="card narrow">
      <h1>Change your password</h1>
      <p class="muted">{p.reason}</p>
      <ErrorBox message={p.error} />
      <form method="post" action={`/portal/${p.directoryName}/password`}>
        <input type="hidden" name="csrf" value={p.csrf} />
        <label for="current">Current password</label>
        <input id="current" name="current" type="password" autocomplete="current-password" required />
        <label for="next">New password</label>
        <input id="next" name="next" type="password" autocomplete="new-password" required />
        <label for="confirm">Confirm the new password</label>
        <input id="confirm" name="confirm" type="password" autocomplete="new-password" required />
        <button type="submit">Change password</button>
      </form>
    </div>
  </Layout>
);

export const MfaPage = (p: Base & { csrf: string; userName: string; error?: string | undefined }) => (
  <Layout title="Verify" directoryName={p.directoryName} signedInAs={p.userName} csrf={p.csrf}>
    <div class="card narrow">
      <h1>Two-step verification</h1>
      <p class="muted">Enter the 6-digit code from your authenticator app.</p>
      <ErrorBox message={p.error} />
      <form method="post" action={`/portal/${p.directoryName}/mfa`}>
        <input type="hidden" name="csrf" value={p.csrf} />
        <label for="code">Verification code</label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required />
        <button type="submit">Verify</button>
      </form>
    </div>
  </Layout>
);

export const EnrollMfaPage = (p: Base & { csrf: string; userName: string; secret: string; uri: string; error?: string | undefined; required: boolean }) => (
  <Layout title="Set up two-step verification" directoryName={p.directoryName} signedInAs={p.userName} csrf={p.csrf}>
    <div class="card narrow">
      <h1>Set up two-step verification</h1>
      <p class="muted">
        {p.required ? 'Your administrator requires a second factor. ' : ''}Add this key to an authenticator app (Google Authenticator,
        Microsoft Authenticator, 1Password…), then enter the code it shows.
      </p>
      <p>
        Key: <code data-testid="totp-secret">{p.secret}</code>
      </p>
      <p>
        <a href={p.uri}>Open in an authenticator app</a>
      </p>
      <ErrorBox message={p.error} />
      <form method="post" action={`/portal/${p.directoryName}/mfa/enroll`}>
        <input type="hidden" name="csrf" value={p.csrf} />
        <label for="name">Device name</label>
        <input id="name" name="name" type="text" value="Authenticator" maxlength={64} required />
        <label for="code">Verification code</label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required />
        <button type="submit">Turn on</button>
      </form>
    </div>
  </Layout>
);

export type PortalAccount = AccessibleAccount;

export const HomePage = (
  p: Base & { csrf: string; userName: string; displayName?: string | undefined; groups: string[]; accounts: PortalAccount[]; credentials: boolean; mfaDevices: number; notice?: string | undefined },
) => (
  <Layout title="Accounts" directoryName={p.directoryName} signedInAs={p.userName} csrf={p.csrf}>
    {p.notice && <div class="notice">{p.notice}</div>}
    <div class="card">
      <h1>Welcome{p.displayName ? `, ${p.displayName}` : ''}</h1>
      <h2>Accounts you can access</h2>
      {p.accounts.length === 0 ? (
        <p class="muted" data-testid="no-accounts">
          No account has been assigned to you yet. Ask your administrator for access.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {p.accounts.map((a) => (
              <tr data-testid={`account-${a.accountId}`}>
                <td>
                  {a.displayName} <span class="muted">({a.accountId})</span>
                </td>
                <td>
                  {a.accessConfigurations.map((ac) => (
                    <div class="access">
                      <form method="post" action={`/portal/${p.directoryName}/accounts/${a.accountId}/console`} class="inline">
                        <input type="hidden" name="csrf" value={p.csrf} />
                        <input type="hidden" name="accessConfigurationId" value={ac.id} />
                        <button type="submit" title={ac.description} data-testid={`open-${a.accountId}-${ac.name}`}>
                          {ac.name}
                        </button>
                      </form>
                      {p.credentials && (
                        <form method="post" action={`/portal/${p.directoryName}/accounts/${a.accountId}/credentials`} class="inline">
                          <input type="hidden" name="csrf" value={p.csrf} />
                          <input type="hidden" name="accessConfigurationId" value={ac.id} />
                          <button type="submit" class="link" data-testid={`credentials-${a.accountId}-${ac.name}`}>
                            Command line access
                          </button>
                        </form>
                      )}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Your groups</h2>
      <p data-testid="groups">{p.groups.length ? p.groups.join(', ') : <span class="muted">None</span>}</p>
      <h2>Security</h2>
      <p>
        <a href={`/portal/${p.directoryName}/password`}>Change password</a> ·{' '}
        <a href={`/portal/${p.directoryName}/mfa/enroll`}>{p.mfaDevices > 0 ? 'Add another MFA device' : 'Set up two-step verification'}</a>
      </p>
    </div>
  </Layout>
);

export const MessagePage = (p: Base & { title: string; message: string; status?: number }) => (
  <Layout title={p.title} directoryName={p.directoryName}>
    <div class="card narrow">
      <h1>{p.title}</h1>
      <p>{p.message}</p>
      {p.directoryName && (
        <p>
          <a href={`/portal/${p.directoryName}/login`}>Back to sign-in</a>
        </p>
      )}
    </div>
  </Layout>
);

/** Temporary credentials for command-line use, shown once; the secret is never stored by Atrium. */
export const CredentialsPage = (
  p: Base & { userName: string; accountId: string; roleName: string; accessKeyId: string; accessKeySecret: string; securityToken: string; expiration: string },
) => (
  <Layout title="Command line access" directoryName={p.directoryName} signedInAs={p.userName}>
    <div class="card">
      <h1>Command line access</h1>
      <p>
        Account {p.accountId}, role {p.roleName}. These credentials expire at <span data-testid="expiration">{p.expiration}</span>.
      </p>
      <pre data-testid="credentials">{`export ALIBABA_CLOUD_ACCESS_KEY_ID=${p.accessKeyId}
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${p.accessKeySecret}
export ALIBABA_CLOUD_SECURITY_TOKEN=${p.securityToken}`}</pre>
      <p>
        <a href={`/portal/${p.directoryName}`}>Back to your accounts</a>
      </p>
    </div>
  </Layout>
);
