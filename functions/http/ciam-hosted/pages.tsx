import type { Child } from 'hono/jsx';
import { CUSTOMER_PASSWORD_MAX, CUSTOMER_PASSWORD_MIN } from '../../../domain/ciam/customer-password-policy';
import { HostedLayout } from './layout';

/** Every URL of one parked request's logon pages; each carries the request id. */
export const logonUrls = (instanceId: string, pendingId: string) => {
  const at = (path: string, extra = '') => `/ciam/${instanceId}/login${path}?request=${encodeURIComponent(pendingId)}${extra}`;
  return {
    start: (method?: 'password' | 'phone') => at('', method ? `&method=${method}` : ''),
    password: at('/password'),
    phoneSend: at('/phone/send'),
    phone: at('/phone'),
    secondFactor: at('/second-factor'),
    secondFactorResend: at('/second-factor/resend'),
    changePassword: at('/change-password'),
    register: at('/register'),
    registerSend: at('/register/send'),
    reset: at('/reset'),
    resetSend: at('/reset/send'),
  };
};
export type LogonUrls = ReturnType<typeof logonUrls>;

/** What every logon page shows and links by: the application, the methods it offers, the form's CSRF token. */
export type LogonPageBase = {
  readonly appName: string;
  readonly icon?: string | undefined;
  readonly urls: LogonUrls;
  readonly csrf: string;
  readonly methods: { readonly password: boolean; readonly phoneCode: boolean; readonly selfRegistration: boolean };
  readonly error?: string | undefined;
  readonly notice?: string | undefined;
};

const Page = (p: LogonPageBase & { title: string; children: Child }) => (
  <HostedLayout title={p.title} appName={p.appName} icon={p.icon}>
    <h1>{p.title}</h1>
    {p.notice && (
      <div class="notice" role="status">
        {p.notice}
      </div>
    )}
    {p.error && (
      <div class="error" role="alert">
        {p.error}
      </div>
    )}
    {p.children}
  </HostedLayout>
);

const Csrf = (p: { value: string }) => <input type="hidden" name="csrf" value={p.value} />;

const CodeInput = () => (
  <>
    <label for="code">Verification code</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required />
  </>
);

const NewPassword = (p: { required: boolean }) => (
  <>
    <label for="password">{p.required ? 'New password' : 'Password (optional)'}</label>
    <input id="password" name="password" type="password" autocomplete="new-password" minlength={CUSTOMER_PASSWORD_MIN} maxlength={CUSTOMER_PASSWORD_MAX} required={p.required} />
    <p class="hint">
      {CUSTOMER_PASSWORD_MIN}–{CUSTOMER_PASSWORD_MAX} characters, not your account name.
      {p.required ? '' : ' Without one, you sign in with codes sent to your phone.'}
    </p>
    <label for="confirm">Confirm the password</label>
    <input id="confirm" name="confirm" type="password" autocomplete="new-password" maxlength={CUSTOMER_PASSWORD_MAX} required={p.required} />
  </>
);

/** Links to the other ways in: the other method, creating an account. */
const OtherWays = (p: LogonPageBase & { current: 'password' | 'phone' | 'other' }) => (
  <div class="links">
    {p.current !== 'password' && p.methods.password && <a href={p.urls.start('password')}>Sign in with a password</a>}
    {p.current !== 'phone' && p.methods.phoneCode && <a href={p.urls.start('phone')}>Sign in with a code by SMS</a>}
    {p.methods.selfRegistration && <a href={p.urls.register}>Create an account</a>}
  </div>
);

export type CaptchaView = { readonly id: string; readonly svg: string };

/** The password form; with a CAPTCHA (its picture inline, its id hidden) after repeated failures. */
export const PasswordPage = (p: LogonPageBase & { identifier?: string | undefined; captcha?: CaptchaView | undefined }) => (
  <Page {...p} title="Sign in">
    <form method="post" action={p.urls.password}>
      <Csrf value={p.csrf} />
      <label for="identifier">Account name, e-mail or phone number</label>
      <input id="identifier" name="identifier" type="text" autocomplete="username" autocapitalize="none" spellcheck={false} maxlength={254} required value={p.identifier ?? ''} />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" maxlength={CUSTOMER_PASSWORD_MAX} required />
      {p.captcha && (
        <>
          <input type="hidden" name="captchaId" value={p.captcha.id} />
          <label for="captcha">Type the characters in the picture</label>
          <img class="captcha" src={`data:image/svg+xml;base64,${Buffer.from(p.captcha.svg).toString('base64')}`} alt="CAPTCHA: characters to type" width={150} height={50} />
          <input id="captcha" name="captcha" type="text" autocomplete="off" autocapitalize="none" spellcheck={false} maxlength={32} required />
        </>
      )}
      <button type="submit">Sign in</button>
    </form>
    <div class="links">
      <a href={p.urls.reset}>Forgot your password?</a>
    </div>
    <OtherWays {...p} current="password" />
  </Page>
);

/** First step of every code flow: the phone number. */
const PhoneStep = (p: LogonPageBase & { title: string; intro: string; action: string; phone?: string | undefined; current: 'phone' | 'other' }) => (
  <Page {...p}>
    <p class="muted">{p.intro}</p>
    <form method="post" action={p.action}>
      <Csrf value={p.csrf} />
      <label for="phone">Phone number</label>
      <input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" maxlength={32} required value={p.phone ?? ''} placeholder="+86 139 0000 0000" />
      <button type="submit">Send code</button>
    </form>
    <OtherWays {...p} current={p.current} />
  </Page>
);

export const PhonePage = (p: LogonPageBase & { phone?: string | undefined }) => (
  <PhoneStep {...p} title="Sign in" intro="We send a verification code to your phone by SMS." action={p.urls.phoneSend} current="phone" />
);

export const RegisterPhonePage = (p: LogonPageBase & { phone?: string | undefined }) => (
  <PhoneStep {...p} title="Create an account" intro="Your phone number identifies your account. We send it a verification code by SMS." action={p.urls.registerSend} current="other" />
);

export const ResetPhonePage = (p: LogonPageBase & { phone?: string | undefined }) => (
  <PhoneStep {...p} title="Reset your password" intro="Enter the phone number of your account. We send it a verification code by SMS." action={p.urls.resetSend} current="other" />
);

/** Where the code went, and whether a new one may be asked for yet. */
export type CodeSentView = { readonly phone: string; readonly maskedPhone: string; readonly sentNow: boolean; readonly resendAfterSeconds: number };

export const sentNotice = (s: Pick<CodeSentView, 'maskedPhone' | 'sentNow' | 'resendAfterSeconds'>) =>
  s.sentNow
    ? `We sent a verification code to ${s.maskedPhone}. It is valid for 5 minutes.`
    : `A code was sent to ${s.maskedPhone} moments ago: enter it, or ask for a new one in ${s.resendAfterSeconds} seconds.`;

const Resend = (p: { action: string; csrf: string; phone?: string | undefined }) => (
  <form method="post" action={p.action}>
    <Csrf value={p.csrf} />
    {p.phone !== undefined && <input type="hidden" name="phone" value={p.phone} />}
    <button type="submit" class="secondary">
      Send a new code
    </button>
  </form>
);

/** Second step of the phone logon: the code, the number kept in the form. */
export const PhoneCodePage = (p: LogonPageBase & { sent: Pick<CodeSentView, 'phone' | 'maskedPhone'> }) => (
  <Page {...p} title="Enter the code">
    <form method="post" action={p.urls.phone}>
      <Csrf value={p.csrf} />
      <input type="hidden" name="phone" value={p.sent.phone} />
      <p class="muted">Phone: {p.sent.maskedPhone}</p>
      <CodeInput />
      <button type="submit">Sign in</button>
    </form>
    <Resend action={p.urls.phoneSend} csrf={p.csrf} phone={p.sent.phone} />
    <div class="links">
      <a href={p.urls.start('phone')}>Use another number</a>
    </div>
    <OtherWays {...p} current="phone" />
  </Page>
);

export const RegisterPage = (p: LogonPageBase & { sent: Pick<CodeSentView, 'phone' | 'maskedPhone'>; username?: string | undefined }) => (
  <Page {...p} title="Create an account">
    <form method="post" action={p.urls.register}>
      <Csrf value={p.csrf} />
      <input type="hidden" name="phone" value={p.sent.phone} />
      <p class="muted">Phone: {p.sent.maskedPhone}</p>
      <CodeInput />
      <label for="username">Account name (optional)</label>
      <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck={false} maxlength={64} value={p.username ?? ''} />
      <p class="hint">Letters, digits, ".", "_", "-" and "@"; your phone number's digits if you leave it empty.</p>
      <NewPassword required={false} />
      <button type="submit">Create account</button>
    </form>
    <Resend action={p.urls.registerSend} csrf={p.csrf} phone={p.sent.phone} />
    <div class="links">
      <a href={p.urls.start()}>I have an account: sign in</a>
    </div>
  </Page>
);

export const ResetPage = (p: LogonPageBase & { sent: Pick<CodeSentView, 'phone' | 'maskedPhone'> }) => (
  <Page {...p} title="Reset your password">
    <form method="post" action={p.urls.reset}>
      <Csrf value={p.csrf} />
      <input type="hidden" name="phone" value={p.sent.phone} />
      <p class="muted">Phone: {p.sent.maskedPhone}</p>
      <CodeInput />
      <NewPassword required />
      <button type="submit">Set password and sign in</button>
    </form>
    <Resend action={p.urls.resetSend} csrf={p.csrf} phone={p.sent.phone} />
    <div class="links">
      <a href={p.urls.start('password')}>Back to sign-in</a>
    </div>
  </Page>
);

/** After a correct password, when the application asks for a code sent to the customer's phone. */
export const SecondFactorPage = (p: LogonPageBase & { maskedPhone: string }) => (
  <Page {...p} title="Verify it's you">
    <p class="muted">Enter the code we sent to {p.maskedPhone}.</p>
    <form method="post" action={p.urls.secondFactor}>
      <Csrf value={p.csrf} />
      <CodeInput />
      <button type="submit">Verify</button>
    </form>
    <Resend action={p.urls.secondFactorResend} csrf={p.csrf} />
    <div class="links">
      <a href={p.urls.start('password')}>Start again</a>
    </div>
  </Page>
);

/** After a correct temporary password (one an administrator set): the customer's own, before going on. */
export const ChangePasswordPage = (p: LogonPageBase & { username: string }) => (
  <Page {...p} title="Choose a new password">
    <p class="muted">
      The password of <strong>{p.username}</strong> was set by an administrator. Choose your own to continue.
    </p>
    <form method="post" action={p.urls.changePassword}>
      <Csrf value={p.csrf} />
      <input type="text" name="username" autocomplete="username" value={p.username} hidden readonly />
      <NewPassword required />
      <button type="submit">Set password and continue</button>
    </form>
    <div class="links">
      <a href={p.urls.start('password')}>Start again</a>
    </div>
  </Page>
);
