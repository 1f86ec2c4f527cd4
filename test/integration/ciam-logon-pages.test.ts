import { beforeAll, describe, expect, it } from 'vitest';
import { SvgCaptchaGenerator } from '../../adapters/captcha/svg-captcha-generator';
import { Argon2idHasher, OWASP_ARGON2ID } from '../../adapters/crypto/argon2-hasher';
import { secrets } from '../../adapters/crypto/secrets';
import type { CaptchaGenerator } from '../../domain/ciam/captcha-ports';
import type { E164 } from '../../domain/ciam/phone-number';
import type { InstanceId } from '../../domain/shared/ids';
import { apiWithWorkers } from '../support/access-world';
import { buyInstance } from '../support/ciam';
import { freshTable } from '../support/db';
import { alertOf, csrfOf, hiddenOf, noticeOf, pkce, TestBrowser, titleOf } from '../support/hosted-browser';
import { apiOver } from '../support/stack';

// Real argon2id at test-sized cost: the logon verifies real PHC hashes.
const hasher = new Argon2idHasher({ ...OWASP_ARGON2ID, memorySize: 64, iterations: 1 });
const REDIRECT_URI = 'https://rp.example/cb';
const PASSWORD = 'Sesame-0pen!';
const SESSION_COOKIE = 'atrium_ciam_session';
const ICON = 'https://rp.example/icon.png';

let world: Awaited<ReturnType<typeof setUp>>;

/** The real CAPTCHA generator, remembering each picture's text so the test can answer it. */
const recordingCaptchas = () => {
  const svg = new SvgCaptchaGenerator();
  const texts = new Map<string, string>();
  const generator: CaptchaGenerator = {
    generate: async () => {
      const drawn = await svg.generate();
      texts.set(drawn.svg, drawn.text);
      return drawn;
    },
  };
  return { generator, answerOf: (picture: string) => texts.get(picture) };
};

const setUp = async () => {
  const { table } = await freshTable();
  const captchas = recordingCaptchas();
  const { api, queue } = apiWithWorkers(table, { hasher, captchaGenerator: captchas.generator });
  const root = await api.openAccount('Shop Corp');
  const key = root.key;
  const buy = () => buyInstance(api, key, { queue });
  const instanceId = await buy();
  const apps = (id: string) => `/api/v1/ciam/instances/${id}/applications`;
  const app = async (
    name: string,
    methods: Partial<Record<'phoneCode' | 'password' | 'selfRegistration' | 'smsSecondFactor', boolean> & { primary: string }> = {},
    id = instanceId,
    icon?: string,
  ) => {
    const res = await api.call('POST', apps(id), { key, body: { name, type: 'Website', protocol: 'OIDC', oidc: { redirectUris: [REDIRECT_URI] }, ...(icon ? { icon } : {}) } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const appId = res.json.application.applicationId as string;
    if (Object.keys(methods).length > 0) {
      const body = { phoneCode: true, password: true, primary: 'Password', selfRegistration: false, smsSecondFactor: false, ...methods };
      const set = await api.call('PUT', `${apps(id)}/${appId}/logon-methods`, { key, body });
      expect(set.status, JSON.stringify(set.json)).toBe(200);
    }
    return appId;
  };
  return {
    api,
    queue,
    key,
    table,
    buy,
    instanceId,
    apps,
    app,
    answerOf: captchas.answerOf,
    passwordApp: await app('Shop web', {}, instanceId, ICON),
    phoneApp: await app('Shop mini', { primary: 'PhoneCode' }),
    openApp: await app('Shop signup', { primary: 'PhoneCode', selfRegistration: true }),
    mfaApp: await app('Shop bank', { smsSecondFactor: true }),
    passwordOnlyApp: await app('Shop intranet', { phoneCode: false }),
  };
};

beforeAll(async () => {
  world = await setUp();
}, 60_000);

// Distinct valid Chinese mobile numbers and client addresses, one per call: no test's cooldown,
// daily cap or failure count touches another's.
let serial = 0;
const nextPhone = () => `+86139${String(++serial).padStart(8, '0')}` as E164;
let ips = 0;
const browser = () => new TestBrowser(world.api.gateway, `198.51.100.${++ips}`);

const customer = async (fields: { username?: string; phone?: string; email?: string; password?: string; mustChangePassword?: boolean } = {}, instanceId = world.instanceId) => {
  const phone = fields.phone ?? nextPhone();
  const username = fields.username ?? `cust${++serial}`;
  const res = await world.api.call('POST', `/api/v1/ciam/instances/${instanceId}/accounts`, {
    key: world.key,
    body: { username, phone, password: fields.password ?? PASSWORD, mustChangePassword: fields.mustChangePassword ?? false, ...(fields.email ? { email: fields.email } : {}) },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { id: res.json.customerId as string, username, phone: phone as E164 };
};

/** The client's authorization request, by the browser: back comes the logon page's URL. */
const authorize = async (b: TestBrowser, clientId: string, instanceId = world.instanceId) => {
  const state = `st-${++serial}`;
  const { challenge } = pkce();
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    state,
    nonce: `n-${serial}`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const res = await b.get(`/ciam/${instanceId}/oidc/authorize?${query}`);
  expect(res.status, res.html).toBe(302);
  const login = new URL(res.location!, 'http://localhost');
  expect(login.pathname).toBe(`/ciam/${instanceId}/login`);
  const pendingId = login.searchParams.get('request')!;
  const at = (path: string, extra = '') => `/ciam/${instanceId}/login${path}?request=${encodeURIComponent(pendingId)}${extra}`;
  return { state, pendingId, loginUrl: `${login.pathname}${login.search}`, at };
};

/** Follows a completed logon to the client: the continuation must answer with a code and the state. */
const expectCodeAtClient = async (b: TestBrowser, res: { status: number; location?: string | undefined; html: string }, state: string) => {
  expect(res.status, alertOf(res.html) ?? res.html.slice(0, 300)).toBe(303);
  expect(res.location).toMatch(/\/oidc\/authorize\/continue\?request=/);
  const back = await b.get(res.location!);
  expect(back.status).toBe(302);
  const url = new URL(back.location!);
  expect(`${url.origin}${url.pathname}`).toBe(REDIRECT_URI);
  expect(url.searchParams.get('code')).toMatch(/^.{20,}$/);
  expect(url.searchParams.get('state')).toBe(state);
  return url;
};

const logOnWithPassword = async (b: TestBrowser, clientId: string, identifier: string, password: string, extra: Record<string, string> = {}) => {
  const flow = await authorize(b, clientId);
  const page = await b.get(flow.loginUrl);
  expect(page.status).toBe(200);
  const res = await b.post(flow.at('/password'), { csrf: csrfOf(page.html), identifier, password, ...extra });
  return { flow, page, res };
};

const codeSentTo = (phone: string) => {
  const [latest] = world.api.container.smsOutbox!.list({ to: phone });
  expect(latest, `an SMS was sent to ${phone}`).toBeDefined();
  return /(\d{6})/.exec(latest!.text)![1]!;
};

const eventsOf = (customerId: string) => world.api.logonEvents.list().filter((e) => e.customerId === customerId);

describe('hosted logon: password', () => {
  it('logs a customer on with a password and sends the browser back to the client with a code and the state', async () => {
    const b = browser();
    const c = await customer();
    const { flow, page, res } = await logOnWithPassword(b, world.passwordApp, c.username, PASSWORD);
    expect(page.html).toContain('<strong>Shop web</strong>');
    expect(page.html).toContain(`<img src="${ICON}"`);
    expect(page.html).toContain('name="password"');
    // The session cookie is HttpOnly, scoped to the instance.
    const setCookie = res.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`));
    expect(setCookie).toMatch(new RegExp(`Path=/ciam/${world.instanceId};.*HttpOnly`));
    await expectCodeAtClient(b, res, flow.state);
    const session = await world.api.container.customerSessions.get(world.instanceId, secrets.hash(b.cookie(SESSION_COOKIE)!));
    expect(session).toMatchObject({ customerId: c.id, stage: 'active', methods: ['pwd'] });
    expect(Math.abs(session!.authTime - Math.floor(world.api.clock.now().getTime() / 1000))).toBeLessThanOrEqual(1);
    expect(eventsOf(c.id)).toEqual([
      { type: 'logon.succeeded', version: 1, instanceId: world.instanceId, applicationId: world.passwordApp, customerId: c.id, method: 'Password', at: world.api.clock.now().toISOString() },
    ]);
    expect((await world.api.container.customers.get(world.instanceId, c.id as never))?.lastLogonAt).toBe(world.api.clock.now().toISOString());
    // The next application of the instance signs the same browser on without a form (single sign-on).
    const sso = await b.get(`/ciam/${world.instanceId}/oidc/authorize?${new URLSearchParams({ response_type: 'code', client_id: world.phoneApp, redirect_uri: REDIRECT_URI, scope: 'openid', state: 'sso', code_challenge: pkce().challenge, code_challenge_method: 'S256' })}`);
    expect(sso.status).toBe(302);
    expect(new URL(sso.location!).searchParams.get('state')).toBe('sso');
  });

  it('accepts the e-mail address or the phone number as the identifier', async () => {
    const email = `shopper${++serial}@example.com`;
    const c = await customer({ email });
    for (const identifier of [email.toUpperCase(), c.phone.replace('+86', '')]) {
      const b = browser();
      const { flow, res } = await logOnWithPassword(b, world.passwordApp, identifier, PASSWORD);
      await expectCodeAtClient(b, res, flow.state);
    }
  });

  it('answers a wrong password, an unknown account and a disabled account alike', async () => {
    const c = await customer();
    const disabled = await customer();
    const off = await world.api.call('PUT', `/api/v1/ciam/instances/${world.instanceId}/accounts/${disabled.id}/status`, { key: world.key, body: { status: 'Disabled' } });
    expect(off.status).toBe(200);
    const answers = [];
    for (const [identifier, password] of [
      [c.username, 'Wrong-password-1'],
      [`nobody${serial}`, 'Wrong-password-1'],
      [disabled.username, PASSWORD],
    ] as const) {
      const { res } = await logOnWithPassword(browser(), world.passwordApp, identifier, password);
      answers.push({ status: res.status, alert: alertOf(res.html) });
      // The identifier stays in the form; the password does not.
      expect(res.html).toContain(`value="${identifier}"`);
    }
    expect(answers[0]).toEqual({ status: 401, alert: 'The account or password is incorrect.' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(eventsOf(c.id)).toEqual([]);
    expect(eventsOf(disabled.id)).toEqual([]);
  });

  it('demands a CAPTCHA after two failures: without it, or with a wrong or reused answer, even the right password fails', async () => {
    const c = await customer();
    const b = browser();
    const flow = await authorize(b, world.passwordApp);
    let page = await b.get(flow.loginUrl);
    expect(page.html).not.toContain('name="captcha"');
    const post = (fields: Record<string, string>) => b.post(flow.at('/password'), { csrf: csrfOf(page.html), identifier: c.username, ...fields });
    const captchaOf = (html: string) => {
      const m = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html);
      expect(m, 'the form shows a CAPTCHA picture').not.toBeNull();
      const svg = Buffer.from(m![1]!, 'base64').toString('utf8');
      return { id: hiddenOf(html, 'captchaId')!, answer: world.answerOf(svg)! };
    };

    expect((await post({ password: 'Wrong-password-1' })).html).not.toContain('name="captcha"');
    page = await post({ password: 'Wrong-password-2' });
    expect(page.status).toBe(401);
    const first = captchaOf(page.html);
    expect(first.id).toBeTruthy();
    expect(first.answer).toBeTruthy();

    // The right password without an answer: refused before the password is looked at.
    page = await post({ password: PASSWORD });
    expect(page.status).toBe(401);
    expect(alertOf(page.html)).toContain('CAPTCHA');
    // A wrong answer.
    const second = captchaOf(page.html);
    page = await post({ password: PASSWORD, captchaId: second.id, captcha: `${second.answer}x` });
    expect(page.status).toBe(401);
    expect(alertOf(page.html)).toContain('do not match');
    // An answer to a challenge already used up (the first, shown but answered by nobody, is still good;
    // the second was used by the wrong answer).
    page = await post({ password: PASSWORD, captchaId: second.id, captcha: second.answer });
    expect(page.status).toBe(401);
    expect(eventsOf(c.id)).toEqual([]);
    // Solved: the logon goes through.
    const third = captchaOf(page.html);
    const done = await post({ password: PASSWORD, captchaId: third.id, captcha: third.answer });
    await expectCodeAtClient(b, done, flow.state);
    // And the solved one cannot be used again (a new browser on this client's address still needs one).
    const next = new TestBrowser(world.api.gateway, b.ip);
    const again = await authorize(next, world.passwordApp);
    const form = await next.get(again.loginUrl);
    expect(form.html).toContain('name="captcha"');
    const replay = await next.post(again.at('/password'), { csrf: csrfOf(form.html), identifier: c.username, password: PASSWORD, captchaId: third.id, captcha: third.answer });
    expect(replay.status).toBe(401);
    expect(alertOf(replay.html)).toContain('do not match');
    expect(eventsOf(c.id)).toHaveLength(1);
  });

  it('refuses a post without the CSRF token, or with another browser\'s', async () => {
    const c = await customer();
    const b = browser();
    const flow = await authorize(b, world.passwordApp);
    const page = await b.get(flow.loginUrl);
    const missing = await b.post(flow.at('/password'), { identifier: c.username, password: PASSWORD });
    expect(missing.status).toBe(403);
    expect(titleOf(missing.html)).toBe('Form expired');
    expect(missing.html).toContain(`href="${flow.loginUrl.replace(/&/g, '&amp;')}"`);
    const other = browser();
    await other.get((await authorize(other, world.passwordApp)).loginUrl);
    const forged = await b.post(flow.at('/password'), { csrf: other.cookie('atrium_ciam_csrf')!, identifier: c.username, password: PASSWORD });
    expect(forged.status).toBe(403);
    // The cookie is SameSite=Strict and scoped to the instance.
    expect(page.headers.getSetCookie().find((l) => l.startsWith('atrium_ciam_csrf='))).toMatch(new RegExp(`Path=/ciam/${world.instanceId};.*HttpOnly;.*SameSite=Strict`));
    expect(eventsOf(c.id)).toEqual([]);
  });

  it('asks for the SMS second factor after the password when the application wants it', async () => {
    const c = await customer();
    const b = browser();
    const { flow, res } = await logOnWithPassword(b, world.mfaApp, c.username, PASSWORD);
    expect(res.status).toBe(303);
    expect(res.location).toBe(flow.at('/second-factor'));
    // Half-way, the continuation gives no code: it sends the browser back to log on.
    const early = await b.get(`/ciam/${world.instanceId}/oidc/authorize/continue?request=${encodeURIComponent(flow.pendingId)}`);
    expect(early.status).toBe(302);
    expect(early.location).toBe(flow.loginUrl);
    const page = await b.get(res.location!);
    expect(page.status).toBe(200);
    expect(page.html).toContain('+86 139****');
    const code = codeSentTo(c.phone);
    // "Send a new code" within the minute: the code already sent stays the one to enter.
    const resend = await b.post(flow.at('/second-factor/resend'), { csrf: csrfOf(page.html) });
    expect(resend.status).toBe(200);
    expect(noticeOf(resend.html)).toContain('moments ago');
    expect(world.api.container.smsOutbox!.list({ to: c.phone })).toHaveLength(1);
    const wrong = await b.post(flow.at('/second-factor'), { csrf: csrfOf(page.html), code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect(alertOf(wrong.html)).toContain('incorrect');
    const halfway = b.cookie(SESSION_COOKIE)!;
    const done = await b.post(flow.at('/second-factor'), { csrf: csrfOf(page.html), code });
    await expectCodeAtClient(b, done, flow.state);
    // A new session id at the step up; the half-way one is gone.
    expect(b.cookie(SESSION_COOKIE)).not.toBe(halfway);
    expect(await world.api.container.customerSessions.get(world.instanceId, secrets.hash(halfway))).toBeUndefined();
    const session = await world.api.container.customerSessions.get(world.instanceId, secrets.hash(b.cookie(SESSION_COOKIE)!));
    expect(session).toMatchObject({ stage: 'active', methods: ['pwd', 'sms'] });
    expect(eventsOf(c.id).map((e) => [e.method, e.applicationId])).toEqual([['Password', world.mfaApp]]);
  });
});

describe('hosted logon: a temporary password', () => {
  const NEW_PASSWORD = 'My-own-passphrase-42';

  it('opens only the page that replaces it; the logon completes with the new password, which then works alone', async () => {
    const c = await customer({ username: `temporary.user${++serial}`, mustChangePassword: true });
    const b = browser();
    const { flow, res } = await logOnWithPassword(b, world.passwordApp, c.username, PASSWORD);
    expect(res.status).toBe(303);
    expect(res.location).toBe(flow.at('/change-password'));
    // Half-way, the continuation gives no code, and no logon was counted.
    const early = await b.get(`/ciam/${world.instanceId}/oidc/authorize/continue?request=${encodeURIComponent(flow.pendingId)}`);
    expect(early.status).toBe(302);
    expect(early.location).toBe(flow.loginUrl);
    expect(eventsOf(c.id)).toEqual([]);
    const page = await b.get(res.location!);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<strong>${c.username}</strong>`);
    const post = (fields: Record<string, string>) => b.post(flow.at('/change-password'), { csrf: csrfOf(page.html), ...fields });

    const same = await post({ password: PASSWORD, confirm: PASSWORD });
    expect(same.status).toBe(400);
    expect(alertOf(same.html)).toContain('different from the one you were given');
    const differ = await post({ password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}x` });
    expect(differ.status).toBe(400);
    expect(alertOf(differ.html)).toContain('two passwords differ');
    const named = await post({ password: c.username, confirm: c.username });
    expect(named.status).toBe(400);
    expect(alertOf(named.html)).toContain('must not be the account name');
    expect(eventsOf(c.id)).toEqual([]);

    const halfway = b.cookie(SESSION_COOKIE)!;
    const done = await post({ password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    await expectCodeAtClient(b, done, flow.state);
    expect(b.cookie(SESSION_COOKIE)).not.toBe(halfway);
    expect(await world.api.container.customerSessions.get(world.instanceId, secrets.hash(halfway))).toBeUndefined();
    expect(eventsOf(c.id).map((e) => e.method)).toEqual(['Password']);
    const read = await world.api.call('GET', `/api/v1/ciam/instances/${world.instanceId}/accounts/${c.id}`, { key: world.key });
    expect(read.json.mustChangePassword).toBe(false);

    // The temporary password is gone; the new one logs on straight to the client.
    expect((await logOnWithPassword(browser(), world.passwordApp, c.username, PASSWORD)).res.status).toBe(401);
    const b2 = browser();
    const again = await logOnWithPassword(b2, world.passwordApp, c.username, NEW_PASSWORD);
    await expectCodeAtClient(b2, again.res, again.flow.state);
  });

  it('comes after the SMS second factor, and expires with its step session', async () => {
    const c = await customer({ mustChangePassword: true });
    const b = browser();
    const { flow, res } = await logOnWithPassword(b, world.mfaApp, c.username, PASSWORD);
    expect(res.location).toBe(flow.at('/second-factor'));
    const page = await b.get(res.location!);
    const verified = await b.post(flow.at('/second-factor'), { csrf: csrfOf(page.html), code: codeSentTo(c.phone) });
    expect(verified.status).toBe(303);
    expect(verified.location).toBe(flow.at('/change-password'));
    const change = await b.get(verified.location!);
    expect(change.status).toBe(200);

    // Another browser without the step's cookie gets the "sign in again" page, not the form.
    const stranger = browser();
    await stranger.get(flow.loginUrl);
    const refused = await stranger.get(flow.at('/change-password'));
    expect(refused.status).toBe(401);
    expect(titleOf(refused.html)).toBe('Verification expired');

    const done = await b.post(flow.at('/change-password'), { csrf: csrfOf(change.html), password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    await expectCodeAtClient(b, done, flow.state);
    const session = await world.api.container.customerSessions.get(world.instanceId, secrets.hash(b.cookie(SESSION_COOKIE)!));
    expect(session).toMatchObject({ stage: 'active', methods: ['pwd', 'sms'] });
  });
});

describe('hosted logon: SMS code', () => {
  const sendCode = async (b: TestBrowser, clientId: string, phone: string) => {
    const flow = await authorize(b, clientId);
    const page = await b.get(flow.loginUrl);
    expect(page.status).toBe(200);
    const sent = await b.post(flow.at('/phone/send'), { csrf: csrfOf(page.html), phone });
    return { flow, page, sent };
  };

  it('logs on with a code read from the outbox, keeping the number and telling the cooldown', async () => {
    const c = await customer();
    const b = browser();
    const { flow, page, sent } = await sendCode(b, world.phoneApp, c.phone.replace('+86', ''));
    // The application's primary method is the phone code; the password is a link away.
    expect(page.html).toContain('name="phone"');
    expect(page.html).toContain(`href="${flow.at('', '&method=password').replace(/&/g, '&amp;')}"`);
    expect(sent.status).toBe(200);
    expect(hiddenOf(sent.html, 'phone')).toBe(c.phone);
    expect(noticeOf(sent.html)).toMatch(/We sent a verification code to \+86 139\*+\d{4}/);
    const again = await b.post(flow.at('/phone/send'), { csrf: csrfOf(page.html), phone: c.phone });
    expect(again.status).toBe(200);
    expect(noticeOf(again.html)).toMatch(/moments ago.*in (60|59) seconds/);
    expect(world.api.container.smsOutbox!.list({ to: c.phone })).toHaveLength(1);
    const res = await b.post(flow.at('/phone'), { csrf: csrfOf(sent.html), phone: c.phone, code: codeSentTo(c.phone) });
    await expectCodeAtClient(b, res, flow.state);
    expect(eventsOf(c.id).map((e) => [e.method, e.applicationId])).toEqual([['PhoneCode', world.phoneApp]]);
  });

  it('refuses the sixth try of a code even when it is the right one', async () => {
    const c = await customer();
    const b = browser();
    const { flow, sent } = await sendCode(b, world.phoneApp, c.phone);
    const code = codeSentTo(c.phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await b.post(flow.at('/phone'), { csrf: csrfOf(sent.html), phone: c.phone, code: wrong })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const right = await b.post(flow.at('/phone'), { csrf: csrfOf(sent.html), phone: c.phone, code });
    expect(right.status).toBe(429);
    expect(alertOf(right.html)).toContain('Too many wrong attempts');
    expect(eventsOf(c.id)).toEqual([]);
  });

  it('uses a code once: replaying it in another sign-in fails', async () => {
    const c = await customer();
    const b = browser();
    const { flow, sent } = await sendCode(b, world.phoneApp, c.phone);
    const code = codeSentTo(c.phone);
    await expectCodeAtClient(b, await b.post(flow.at('/phone'), { csrf: csrfOf(sent.html), phone: c.phone, code }), flow.state);
    const thief = browser();
    const other = await authorize(thief, world.phoneApp);
    const page = await thief.get(other.loginUrl);
    const replay = await thief.post(other.at('/phone'), { csrf: csrfOf(page.html), phone: c.phone, code });
    expect(replay.status).toBe(401);
    expect(alertOf(replay.html)).toContain('incorrect or has expired');
    expect(eventsOf(c.id)).toHaveLength(1);
  });

  it('registers an unknown number when self-registration is on', async () => {
    const phone = nextPhone();
    const b = browser();
    const { flow, sent } = await sendCode(b, world.openApp, phone);
    const res = await b.post(flow.at('/phone'), { csrf: csrfOf(sent.html), phone, code: codeSentTo(phone) });
    await expectCodeAtClient(b, res, flow.state);
    const created = await world.api.container.customers.findByPhone(world.instanceId, phone);
    expect(created).toMatchObject({ username: phone.slice(1), source: 'SelfRegistration', status: 'Enabled' });
    expect(eventsOf(created!.id).map((e) => [e.method, e.applicationId])).toEqual([['Registration', world.openApp]]);
  });

  it('with self-registration off, answers an unknown number like a known one, but it can never log on', async () => {
    const known = await customer();
    const unknown = nextPhone();
    const answers = [];
    for (const phone of [known.phone, unknown]) {
      const b = browser();
      const { flow, sent } = await sendCode(b, world.phoneApp, phone);
      const wrong = await b.post(flow.at('/phone'), { csrf: csrfOf(sent.html), phone, code: String((Number(codeSentTo(phone)) + 1) % 1_000_000).padStart(6, '0') });
      answers.push({ sent: sent.status, notice: noticeOf(sent.html)?.replace(/\+86 [\d*]+/, 'N'), wrong: wrong.status, alert: alertOf(wrong.html) });
      if (phone === unknown) {
        const right = await b.post(flow.at('/phone'), { csrf: csrfOf(sent.html), phone, code: codeSentTo(phone) });
        expect(right.status).toBe(403);
        expect(right.location).toBeUndefined();
      }
    }
    expect(answers[0]!.sent).toBe(200);
    expect(answers[1]).toEqual(answers[0]);
    expect(await world.api.container.customers.findByPhone(world.instanceId, unknown)).toBeUndefined();
    expect(world.api.logonEvents.list().some((e) => e.applicationId === world.phoneApp && e.method === 'Registration')).toBe(false);
  });

  it('registers with a code, an account name and a password, which then logs on', async () => {
    const phone = nextPhone();
    const username = `newbie${serial}`;
    const b = browser();
    const flow = await authorize(b, world.openApp);
    const page = await b.get(flow.at('/register'));
    expect(page.status).toBe(200);
    const sent = await b.post(flow.at('/register/send'), { csrf: csrfOf(page.html), phone });
    expect(sent.status).toBe(200);
    const code = codeSentTo(phone);
    const fields = { csrf: csrfOf(sent.html), phone, code, username, password: 'Brand-new-pass1', confirm: 'Brand-new-pass1' };
    // Mistakes that need no code are answered without using it up.
    const mismatch = await b.post(flow.at('/register'), { ...fields, confirm: 'Something-else1' });
    expect(mismatch.status).toBe(400);
    expect(alertOf(mismatch.html)).toContain('differ');
    const done = await b.post(flow.at('/register'), fields);
    await expectCodeAtClient(b, done, flow.state);
    const created = await world.api.container.customers.findByUsername(world.instanceId, username);
    expect(created).toMatchObject({ phone, source: 'SelfRegistration' });
    expect(eventsOf(created!.id).map((e) => e.method)).toEqual(['Registration']);
    const { flow: next, res } = await logOnWithPassword(browser(), world.passwordApp, username, 'Brand-new-pass1');
    expect(res.status).toBe(303);
    expect(next.state).toBeTruthy();
  });

  it('offers no registration where self-registration is off', async () => {
    const b = browser();
    const flow = await authorize(b, world.phoneApp);
    const login = await b.get(flow.loginUrl);
    expect(login.html).not.toContain('Create an account');
    const page = await b.get(flow.at('/register'));
    expect(page.status).toBe(403);
    expect(titleOf(page.html)).toBe('Not available');
    const phone = nextPhone();
    const sent = await b.post(flow.at('/register/send'), { csrf: csrfOf(login.html), phone });
    expect(sent.status).toBe(403);
    expect(world.api.container.smsOutbox!.list({ to: phone })).toEqual([]);
  });

  it('answers a method the application turned off with a page saying so', async () => {
    const b = browser();
    const flow = await authorize(b, world.passwordOnlyApp);
    const login = await b.get(flow.loginUrl);
    expect(login.html).not.toContain('code by SMS');
    const page = await b.get(flow.at('', '&method=phone'));
    expect(page.status).toBe(403);
    expect(alertOf(page.html) ?? page.html).toContain('not available for Shop intranet');
    const phone = nextPhone();
    const sent = await b.post(flow.at('/phone/send'), { csrf: csrfOf(login.html), phone });
    expect(sent.status).toBe(403);
    expect(world.api.container.smsOutbox!.list({ to: phone })).toEqual([]);
  });
});

describe('hosted logon: password reset', () => {
  it('sets a new password by phone code, ends the other sessions and logs on', async () => {
    const c = await customer();
    const before = browser();
    const earlier = await logOnWithPassword(before, world.passwordApp, c.username, PASSWORD);
    await expectCodeAtClient(before, earlier.res, earlier.flow.state);
    const oldSession = before.cookie(SESSION_COOKIE)!;

    const b = browser();
    const flow = await authorize(b, world.passwordApp);
    const login = await b.get(flow.loginUrl);
    expect(login.html).toContain(`href="${flow.at('/reset').replace(/&/g, '&amp;')}"`);
    const page = await b.get(flow.at('/reset'));
    const sent = await b.post(flow.at('/reset/send'), { csrf: csrfOf(page.html), phone: c.phone });
    expect(sent.status).toBe(200);
    const code = codeSentTo(c.phone);
    const tooShort = await b.post(flow.at('/reset'), { csrf: csrfOf(sent.html), phone: c.phone, code, password: 'short', confirm: 'short' });
    expect(tooShort.status).toBe(400);
    const res = await b.post(flow.at('/reset'), { csrf: csrfOf(sent.html), phone: c.phone, code, password: 'Another-secret-7', confirm: 'Another-secret-7' });
    await expectCodeAtClient(b, res, flow.state);

    expect(await world.api.container.customerSessions.get(world.instanceId, secrets.hash(oldSession))).toBeUndefined();
    expect(await world.api.container.customerSessions.get(world.instanceId, secrets.hash(b.cookie(SESSION_COOKIE)!))).toMatchObject({ customerId: c.id });
    expect((await logOnWithPassword(browser(), world.passwordApp, c.username, PASSWORD)).res.status).toBe(401);
    expect((await logOnWithPassword(browser(), world.passwordApp, c.username, 'Another-secret-7')).res.status).toBe(303);
  });

  it('gives an unknown number the same "code sent" page, and no password anywhere', async () => {
    const phone = nextPhone();
    const b = browser();
    const flow = await authorize(b, world.passwordApp);
    const page = await b.get(flow.at('/reset'));
    const sent = await b.post(flow.at('/reset/send'), { csrf: csrfOf(page.html), phone });
    expect(sent.status).toBe(200);
    expect(noticeOf(sent.html)).toContain('We sent a verification code');
    const res = await b.post(flow.at('/reset'), { csrf: csrfOf(sent.html), phone, code: codeSentTo(phone), password: 'Another-secret-7', confirm: 'Another-secret-7' });
    expect(res.status).toBe(403);
    expect(await world.api.container.customers.findByPhone(world.instanceId, phone)).toBeUndefined();
  });
});

describe('hosted logon: requests and applications', () => {
  it('answers an unknown, expired or completed request with a clear page', async () => {
    const c = await customer();
    const b = browser();
    const unknown = await b.get(`/ciam/${world.instanceId}/login?request=not-a-request`);
    expect(unknown.status).toBe(404);
    expect(titleOf(unknown.html)).toBe('This sign-in has expired');
    expect(unknown.html).toContain('Go back to the app or website you came from');
    // Completed: the continuation used the request up.
    const { flow, res } = await logOnWithPassword(b, world.passwordApp, c.username, PASSWORD);
    await expectCodeAtClient(b, res, flow.state);
    expect((await b.get(flow.loginUrl)).status).toBe(404);
    // Expired: past its 15 minutes.
    const fresh = browser();
    const stale = await authorize(fresh, world.passwordApp);
    world.api.clock.advance(16 * 60_000);
    try {
      expect((await fresh.get(stale.loginUrl)).status).toBe(404);
    } finally {
      world.api.clock.advance(-16 * 60_000);
    }
  });

  it("does not show another instance's request", async () => {
    const other = await world.buy();
    const b = browser();
    const flow = await authorize(b, world.passwordApp);
    const res = await b.get(`/ciam/${other}/login?request=${encodeURIComponent(flow.pendingId)}`);
    expect(res.status).toBe(404);
    expect(res.html).not.toContain('Shop web');
  });

  it('stops logons when the application is disabled or the instance released since the request', async () => {
    const instanceId = await world.buy();
    const appId = await world.app('Short-lived', {}, instanceId);
    const c = await customer({}, instanceId);
    const b = browser();
    const first = await authorize(b, appId, instanceId);
    const page = await b.get(first.loginUrl);
    expect(page.status).toBe(200);
    const disabled = await world.api.call('PUT', `${world.apps(instanceId)}/${appId}/status`, { key: world.key, body: { status: 'Disabled' } });
    expect(disabled.status).toBe(200);
    const off = await b.get(first.loginUrl);
    expect(off.status).toBe(403);
    expect(titleOf(off.html)).toBe('Application unavailable');
    const refused = await b.post(first.at('/password'), { csrf: csrfOf(page.html), identifier: c.username, password: PASSWORD });
    expect(refused.status).toBe(403);
    expect(eventsOf(c.id)).toEqual([]);

    expect((await world.api.call('PUT', `${world.apps(instanceId)}/${appId}/status`, { key: world.key, body: { status: 'Enabled' } })).status).toBe(200);
    const second = await authorize(b, appId, instanceId);
    expect((await b.get(second.loginUrl)).status).toBe(200);
    const released = await world.api.call('DELETE', `/api/v1/ciam/instances/${instanceId}`, { key: world.key });
    expect(released.status, JSON.stringify(released.json)).toBe(200);
    await world.queue.idle();
    const gone = await b.get(second.loginUrl);
    expect(gone.status).toBe(403);
    expect(titleOf(gone.html)).toBe('Application unavailable');
  });
});

describe('the dev SMS outbox', () => {
  it('lists the messages sent to a number, the "+" written plainly or encoded', async () => {
    const c = await customer();
    const b = browser();
    const flow = await authorize(b, world.phoneApp);
    const page = await b.get(flow.loginUrl);
    await b.post(flow.at('/phone/send'), { csrf: csrfOf(page.html), phone: c.phone });
    for (const query of [`phone=${c.phone}`, `phone=${encodeURIComponent(c.phone)}`, `phone=${c.phone.replace('+86', '')}`]) {
      const res = await world.api.gateway.request(`/ciam/_dev/sms-outbox?${query}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { messages: { to: string; text: string; sentAt: string }[] };
      expect(body.messages).toHaveLength(1);
      expect(body.messages[0]).toMatchObject({ to: c.phone, sentAt: world.api.clock.now().toISOString() });
      expect(body.messages[0]!.text).toContain('[Shop mini] Your verification code is');
    }
  });

  it('does not exist where a real SMS gateway is configured', async () => {
    const gatewayed = apiOver(world.table, { hasher, sms: { send: async () => undefined } });
    expect(gatewayed.container.smsOutbox).toBeUndefined();
    const res = await gatewayed.gateway.request('/ciam/_dev/sms-outbox');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('messages');
  });
});
