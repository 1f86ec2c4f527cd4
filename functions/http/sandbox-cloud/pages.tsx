import type { PropsWithChildren } from 'hono/jsx';
import type { SandboxConsoleSession } from '../../../adapters/sandbox-cloud/sandbox-cloud';
import { SANDBOX_BASE_PATH } from '../../../adapters/sandbox-cloud/endpoints';

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1d1f}
header{background:#ff6a00;color:#fff;padding:.8rem 1.5rem;font-weight:600}
main{max-width:48rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;box-shadow:0 1px 3px #0002}
dt{font-weight:600;margin-top:.6rem}dd{margin:0;font-family:ui-monospace,monospace}.reason{color:#a00}`;

const Page = (p: PropsWithChildren<{ title: string }>) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <title>{p.title}</title>
      <style>{STYLE}</style>
    </head>
    <body>
      <header>Sandbox cloud (Atrium's embedded stand-in for a member account's cloud)</header>
      <main>{p.children}</main>
    </body>
  </html>
);

/** Relay states that are sandbox paths become links; anything else is only shown (no open redirect). */
const isSandboxPath = (value: string) => value.startsWith(`${SANDBOX_BASE_PATH}/`) && !value.includes('//') && !value.includes('\\');

export const ConsolePage = (p: { session: SandboxConsoleSession; now: Date }) => {
  const s = p.session;
  const remaining = Math.max(0, Math.floor((s.expiresAt.getTime() - p.now.getTime()) / 1000));
  return (
    <Page title="Sandbox cloud console">
      <h1>Sandbox cloud console</h1>
      <dl>
        <dt>Account</dt>
        <dd data-testid="account">{s.accountId}</dd>
        <dt>Role</dt>
        <dd data-testid="role">{s.roleName}</dd>
        <dt>Role session name</dt>
        <dd data-testid="session-name">{s.roleSessionName}</dd>
        <dt>Session expires</dt>
        <dd data-testid="expires">{s.expiresAt.toISOString()}</dd>
        <dt>Remaining seconds</dt>
        <dd data-testid="duration">{remaining}</dd>
        <dt>Attached policies</dt>
        <dd>
          <ul data-testid="policies">
            {s.policies.system.map((name) => (
              <li data-testid="policy">{name}</li>
            ))}
            {s.policies.inline && <li data-testid="policy">{s.policies.inline.name} (inline)</li>}
          </ul>
        </dd>
        <dt>Relay state</dt>
        <dd data-testid="relay-state">
          {s.relayState === undefined ? '(none)' : isSandboxPath(s.relayState) ? <a href={s.relayState}>{s.relayState}</a> : s.relayState}
        </dd>
      </dl>
    </Page>
  );
};

export const RefusedPage = (p: { reason: string; code: string; requestId: string }) => (
  <Page title="Sign-in refused">
    <h1>Sign-in refused</h1>
    <p>The sandbox cloud did not accept the SAML response.</p>
    <p class="reason" data-testid="reason" data-code={p.code}>
      {p.reason}
    </p>
    <p>Reference: {p.requestId}</p>
  </Page>
);

export const SignedOutPage = () => (
  <Page title="Not signed in">
    <h1>Not signed in</h1>
    <p>There is no sandbox console session (or it has expired). Open the account again from the user portal.</p>
  </Page>
);
