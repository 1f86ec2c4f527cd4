import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoCodeGenerator } from '../../adapters/crypto/code-generator';
import { HmacCodeHasher } from '../../adapters/crypto/hmac-code-hasher';
import { oneTimeCodeKey } from '../../adapters/dynamodb/keys';
import { DynamoOneTimeCodeStore } from '../../adapters/dynamodb/one-time-code-store';
import { DynamoRateLimiter } from '../../adapters/dynamodb/rate-limiter';
import type { Table } from '../../adapters/dynamodb/table';
import { OutboxSmsSender } from '../../adapters/sms/outbox-sms-sender';
import { issueCode, MAX_CODE_ATTEMPTS, type CodePurpose } from '../../domain/ciam/one-time-code';
import type { CodeGenerator, OneTimeCodePorts, SmsSender } from '../../domain/ciam/one-time-code-ports';
import { sendCode, verifyCode } from '../../domain/ciam/one-time-code-use-cases';
import type { E164 } from '../../domain/ciam/phone-number';
import type { InstanceId } from '../../domain/shared/ids';
import { manualClock, TEST_NOW } from '../support/clock';
import { freshTable } from '../support/db';

let table: Table;
beforeAll(async () => {
  ({ table } = await freshTable());
});

const instanceA = 'idaas_aaaaaaaaaaaaaaaaaaaaaaaaaa' as InstanceId;
const instanceB = 'idaas_bbbbbbbbbbbbbbbbbbbbbbbbbb' as InstanceId;
let n = 0;
// Each test uses numbers and addresses of its own: the daily caps live in the shared table.
const newPhone = () => `+86138${String(++n).padStart(8, '0')}` as E164;
let k = 0;
const newIp = () => `10.0.${Math.floor(++k / 250)}.${(k % 250) + 1}`;
/** Codes in a known order, for tests that compare two codes (random ones could repeat). */
const sequence = (...codes: string[]): CodeGenerator => ({
  sixDigits: () => {
    const next = codes.shift();
    if (!next) throw new Error('the test sequence ran out of codes');
    return next;
  },
});
const hasher = new HmacCodeHasher('integration-test-code-hashing-key-0001');

const world = (options: { generator?: CodeGenerator; sms?: SmsSender } = {}) => {
  const clock = manualClock();
  const outbox = new OutboxSmsSender(clock);
  const ports: OneTimeCodePorts = {
    clock,
    oneTimeCodes: new DynamoOneTimeCodeStore(table),
    codeGenerator: options.generator ?? cryptoCodeGenerator,
    codeHasher: hasher,
    sms: options.sms ?? outbox,
    rateLimiter: new DynamoRateLimiter(table, clock),
  };
  /** The digits of the newest message sent to `phone`. */
  const lastCode = (phone: string): string => {
    const text = outbox.list({ to: phone })[0]?.text ?? '';
    const digits = /code is (\d{6})\./.exec(text)?.[1];
    if (!digits) throw new Error(`no code was sent to ${phone}`);
    return digits;
  };
  return { ports, clock, outbox, lastCode };
};

const wrongCode = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, '0');

const subject = (phone: E164, purpose: CodePurpose = 'Logon', instanceId = instanceA) => ({ instanceId, phone, purpose });

describe('sending a code', () => {
  it('sends six digits with the app name, stores only a keyed hash, and the code verifies once', async () => {
    const { ports, outbox, lastCode } = world();
    const phone = newPhone();
    const sent = await sendCode(ports, { ...subject(phone), ip: newIp(), appName: 'Acme' });
    expect(sent).toEqual({
      ok: true,
      value: { expiresAt: new Date(Date.parse(TEST_NOW) + 300_000).toISOString(), resendAfter: new Date(Date.parse(TEST_NOW) + 60_000).toISOString() },
    });
    const [message] = outbox.list({ to: phone });
    expect(message?.text).toMatch(/^\[Acme\] Your verification code is \d{6}\. It expires in 5 minutes\./);
    expect(message?.sentAt).toBe(TEST_NOW);

    const item = await table.get(oneTimeCodeKey(instanceA, phone, 'Logon'));
    const digits = lastCode(phone);
    expect(item?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.values(item ?? {})).not.toContain(digits);
    expect(Object.values(item ?? {})).not.toContain(Number(digits));
    expect(item?.ttl).toBe(Math.ceil((Date.parse(TEST_NOW) + 300_000) / 1000));

    expect(await verifyCode(ports, { ...subject(phone), code: digits })).toEqual({ ok: true, value: undefined });
  });

  it('refuses a second send within 60 s (Code.TooSoon with the seconds left), then replaces the code', async () => {
    const { ports, clock, lastCode } = world({ generator: sequence('111111', '222222', '333333') });
    const phone = newPhone();
    const ip = newIp();
    expect((await sendCode(ports, { ...subject(phone), ip })).ok).toBe(true);
    const first = lastCode(phone);
    clock.advance(45_000);
    expect(await sendCode(ports, { ...subject(phone), ip })).toMatchObject({ ok: false, error: { code: 'Code.TooSoon', retryAfterSeconds: 15 } });
    clock.advance(14_500);
    expect(await sendCode(ports, { ...subject(phone), ip })).toMatchObject({ ok: false, error: { code: 'Code.TooSoon', retryAfterSeconds: 1 } });
    // Another purpose is another code, with a cooldown of its own.
    expect((await sendCode(ports, { ...subject(phone, 'Register'), ip })).ok).toBe(true);

    clock.advance(500);
    expect((await sendCode(ports, { ...subject(phone), ip })).ok).toBe(true);
    const second = lastCode(phone);
    expect([first, second]).toEqual(['111111', '333333']);
    // The replaced code is dead; the new one works.
    expect(await verifyCode(ports, { ...subject(phone), code: first })).toMatchObject({ ok: false, error: { code: 'Code.Invalid' } });
    expect((await verifyCode(ports, { ...subject(phone), code: second })).ok).toBe(true);
  });

  it('of two concurrent sends for one key, one is refused by the conditional write', async () => {
    const { ports, outbox } = world();
    const phone = newPhone();
    const results = await Promise.all([sendCode(ports, { ...subject(phone), ip: newIp() }), sendCode(ports, { ...subject(phone), ip: newIp() })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'Code.TooSoon' } });
    expect(outbox.list({ to: phone })).toHaveLength(1);
  });

  it('caps one phone at 10 codes a day; refused early sends do not use up the allowance', async () => {
    const { ports, clock } = world();
    const phone = newPhone();
    for (let i = 0; i < 10; i++) {
      expect((await sendCode(ports, { ...subject(phone), ip: newIp() })).ok).toBe(true);
      expect((await sendCode(ports, { ...subject(phone), ip: newIp() })).ok).toBe(false); // too soon
      clock.advance(60_000);
    }
    const refused = await sendCode(ports, { ...subject(phone), ip: newIp() });
    const midnight = Math.ceil(clock.now().getTime() / 86_400_000) * 86_400_000;
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'Code.DailyLimit', retryAfterSeconds: (midnight - clock.now().getTime()) / 1000, message: expect.stringMatching(/for this number/) },
    });
    // The cap counts the phone whatever the purpose.
    expect(await sendCode(ports, { ...subject(phone, 'ResetPassword'), ip: newIp() })).toMatchObject({ ok: false, error: { code: 'Code.DailyLimit' } });
    // Another phone is not affected; the next day the phone may receive codes again.
    expect((await sendCode(ports, { ...subject(newPhone()), ip: newIp() })).ok).toBe(true);
    clock.set(new Date(midnight).toISOString());
    expect((await sendCode(ports, { ...subject(phone), ip: newIp() })).ok).toBe(true);
  });

  it('caps one client at 50 codes a day, across numbers (an IPv6 client by its /64)', async () => {
    const { ports } = world();
    // Fifty addresses of one /64: one client changing address for every request.
    for (let i = 1; i <= 50; i++) expect((await sendCode(ports, { ...subject(newPhone()), ip: `2001:db8:50::${i.toString(16)}` })).ok).toBe(true);
    const phone = newPhone();
    expect(await sendCode(ports, { ...subject(phone), ip: '2001:db8:50:0:ffff::1' })).toMatchObject({
      ok: false,
      error: { code: 'Code.DailyLimit', message: expect.stringMatching(/from this network/) },
    });
    // The neighbouring /64 is another client.
    expect((await sendCode(ports, { ...subject(newPhone()), ip: '2001:db8:50:1::1' })).ok).toBe(true);
    // The refused send did not use up that number's own allowance: it still gets its code from elsewhere.
    expect((await sendCode(ports, { ...subject(phone), ip: newIp() })).ok).toBe(true);
  });

  it('withdraws the code when the SMS cannot be sent, so the user may ask again at once', async () => {
    let down = true;
    const outbox = new OutboxSmsSender(manualClock());
    const sms: SmsSender = {
      send: async (message) => {
        if (down) throw new Error('SMS gateway could not be reached: ECONNREFUSED');
        await outbox.send(message);
      },
    };
    const { ports } = world({ sms });
    const phone = newPhone();
    await expect(sendCode(ports, { ...subject(phone), ip: newIp() })).rejects.toThrow(/ECONNREFUSED/);
    expect(await table.get(oneTimeCodeKey(instanceA, phone, 'Logon'))).toBeUndefined();
    down = false;
    expect((await sendCode(ports, { ...subject(phone), ip: newIp() })).ok).toBe(true);
    expect(outbox.list({ to: phone })).toHaveLength(1);
  });
});

describe('verifying a code', () => {
  const invalid = { ok: false, error: { code: 'Code.Invalid' } };
  const tooMany = { ok: false, error: { code: 'Code.TooManyAttempts' } };

  it('refuses a replay: a consumed code fails the second time', async () => {
    const { ports, lastCode } = world();
    const phone = newPhone();
    await sendCode(ports, { ...subject(phone), ip: newIp() });
    const code = lastCode(phone);
    expect((await verifyCode(ports, { ...subject(phone), code })).ok).toBe(true);
    expect(await verifyCode(ports, { ...subject(phone), code })).toMatchObject(invalid);
  });

  it('brute force: after 5 wrong tries even the right code is refused (the 6th attempt)', async () => {
    const { ports, lastCode } = world();
    const phone = newPhone();
    await sendCode(ports, { ...subject(phone), ip: newIp() });
    const right = lastCode(phone);
    const wrong = wrongCode(right);
    for (let i = 1; i < MAX_CODE_ATTEMPTS; i++) expect(await verifyCode(ports, { ...subject(phone), code: wrong })).toMatchObject(invalid);
    // The 5th wrong try uses up the code: the answer says so.
    expect(await verifyCode(ports, { ...subject(phone), code: wrong })).toMatchObject(tooMany);
    expect(await verifyCode(ports, { ...subject(phone), code: right })).toMatchObject(tooMany);
    expect((await table.get(oneTimeCodeKey(instanceA, phone, 'Logon')))?.attempts).toBe(MAX_CODE_ATTEMPTS);
  });

  it('the right code on the 5th try still works', async () => {
    const { ports, lastCode } = world();
    const phone = newPhone();
    await sendCode(ports, { ...subject(phone), ip: newIp() });
    const right = lastCode(phone);
    for (let i = 1; i < MAX_CODE_ATTEMPTS; i++) await verifyCode(ports, { ...subject(phone), code: wrongCode(right) });
    expect((await verifyCode(ports, { ...subject(phone), code: right })).ok).toBe(true);
  });

  it('a burst of parallel guesses gets no more than 5 attempts between them', async () => {
    const { ports, lastCode } = world();
    const phone = newPhone();
    await sendCode(ports, { ...subject(phone), ip: newIp() });
    const right = lastCode(phone);
    // Twenty different wrong guesses at once: most read attempts = 0 before any is counted.
    const guesses = Array.from({ length: 20 }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'));
    const results = await Promise.all(guesses.map((code) => verifyCode(ports, { ...subject(phone), code })));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect((await table.get(oneTimeCodeKey(instanceA, phone, 'Logon')))?.attempts).toBe(MAX_CODE_ATTEMPTS);
    expect(await verifyCode(ports, { ...subject(phone), code: right })).toMatchObject(tooMany);
  });

  it('a guess judged on a stale read is refused once the store will not count it', async () => {
    // The store answers `get` with the code as it was when sent (attempts 0), as a read racing four
    // other guessers would; the conditional count must still stop the right code after five tries.
    const { ports, lastCode } = world();
    const phone = newPhone();
    await sendCode(ports, { ...subject(phone), ip: newIp() });
    const right = lastCode(phone);
    const fresh = await ports.oneTimeCodes.get(subject(phone));
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) await verifyCode(ports, { ...subject(phone), code: wrongCode(right) });
    const store = ports.oneTimeCodes;
    const stale: OneTimeCodePorts = {
      ...ports,
      oneTimeCodes: { get: async () => fresh, put: (c) => store.put(c), countAttempt: (c, max) => store.countAttempt(c, max), consume: (c) => store.consume(c) },
    };
    expect(await verifyCode(stale, { ...subject(phone), code: right })).toMatchObject({ ok: false });
    expect(await ports.oneTimeCodes.get(subject(phone))).toBeDefined(); // not consumed
  });

  it('of two concurrent verifications of one code exactly one is accepted', async () => {
    const { ports, lastCode } = world();
    for (let round = 0; round < 5; round++) {
      const phone = newPhone();
      await sendCode(ports, { ...subject(phone), ip: newIp() });
      const code = lastCode(phone);
      const results = await Promise.all([verifyCode(ports, { ...subject(phone), code }), verifyCode(ports, { ...subject(phone), code })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject(invalid);
    }
  });

  it('expires after 5 minutes', async () => {
    const { ports, clock, lastCode } = world();
    const early = newPhone();
    const late = newPhone();
    await sendCode(ports, { ...subject(early), ip: newIp() });
    await sendCode(ports, { ...subject(late), ip: newIp() });
    clock.advance(299_999);
    expect((await verifyCode(ports, { ...subject(early), code: lastCode(early) })).ok).toBe(true);
    clock.advance(1);
    expect(await verifyCode(ports, { ...subject(late), code: lastCode(late) })).toMatchObject(invalid);
  });

  it('a code is good only for its purpose', async () => {
    const { ports, lastCode } = world();
    const phone = newPhone();
    await sendCode(ports, { ...subject(phone, 'Register'), ip: newIp() });
    const code = lastCode(phone);
    expect(await verifyCode(ports, { ...subject(phone, 'ResetPassword'), code })).toMatchObject(invalid);
    expect((await verifyCode(ports, { ...subject(phone, 'Register'), code })).ok).toBe(true);
  });

  it('gives the same answer for a number that never received a code', async () => {
    const { ports } = world();
    const out = await verifyCode(ports, { ...subject(newPhone()), code: '123456' });
    expect(out).toEqual({
      ok: false,
      error: { code: 'Code.Invalid', message: 'The verification code is incorrect or has expired. Check it, or ask for a new code.' },
    });
  });
});

describe('tenant isolation', () => {
  it('another instance sees nothing: no code, no cooldown, no daily count', async () => {
    const { ports, clock, lastCode } = world({ generator: { sixDigits: ((i = 0) => () => String(100_000 + ++i))() } });
    const phone = newPhone();
    await sendCode(ports, { ...subject(phone, 'Logon', instanceA), ip: newIp() });
    const code = lastCode(phone);

    // Instance B cannot verify A's code, and its wrong attempts do not touch A's.
    expect(await verifyCode(ports, { ...subject(phone, 'Logon', instanceB), code })).toMatchObject({ ok: false, error: { code: 'Code.Invalid' } });
    expect(await ports.oneTimeCodes.get(subject(phone, 'Logon', instanceB))).toBeUndefined();
    expect((await ports.oneTimeCodes.get(subject(phone, 'Logon', instanceA)))?.attempts).toBe(0);

    // A's cooldown does not hold B back.
    expect((await sendCode(ports, { ...subject(phone, 'Logon', instanceB), ip: newIp() })).ok).toBe(true);
    const codeB = lastCode(phone);
    expect(codeB).not.toBe(code);
    // Each instance's code works on that instance only.
    expect(await verifyCode(ports, { ...subject(phone, 'Logon', instanceA), code: codeB })).toMatchObject({ ok: false });
    expect((await verifyCode(ports, { ...subject(phone, 'Logon', instanceA), code })).ok).toBe(true);
    expect((await verifyCode(ports, { ...subject(phone, 'Logon', instanceB), code: codeB })).ok).toBe(true);

    // A's daily cap for this phone, used up, leaves B's untouched.
    for (let i = 0; i < 10; i++) {
      clock.advance(60_000);
      await sendCode(ports, { ...subject(phone, 'Logon', instanceA), ip: newIp() });
    }
    clock.advance(60_000);
    expect(await sendCode(ports, { ...subject(phone, 'Logon', instanceA), ip: newIp() })).toMatchObject({ ok: false, error: { code: 'Code.DailyLimit' } });
    expect((await sendCode(ports, { ...subject(phone, 'Logon', instanceB), ip: newIp() })).ok).toBe(true);
  });
});

describe('the DynamoDB store (conditions a use case cannot show on its own)', () => {
  it('neither counts an attempt against nor consumes a code that was replaced meanwhile', async () => {
    const store = new DynamoOneTimeCodeStore(table);
    const key = subject(newPhone());
    const old = issueCode(key, '111111', hasher, new Date(TEST_NOW));
    expect(await store.put(old)).toBe('Stored');
    const replacement = issueCode(key, '222222', hasher, new Date(Date.parse(TEST_NOW) + 60_000));
    expect(await store.put(replacement)).toBe('Stored');
    // A verification that read the old code loses: the new one is left untouched.
    expect(await store.countAttempt(old, MAX_CODE_ATTEMPTS)).toBe(false);
    expect(await store.consume(old)).toBe(false);
    expect(await store.get(key)).toEqual(replacement);
    expect(await store.countAttempt(replacement, MAX_CODE_ATTEMPTS)).toBe(true);
    expect((await store.get(key))?.attempts).toBe(1);
  });

  it('puts only once the cooldown has passed, measured at the new code\'s issue time', async () => {
    const store = new DynamoOneTimeCodeStore(table);
    const key = subject(newPhone());
    const t0 = Date.parse(TEST_NOW);
    expect(await store.put(issueCode(key, '111111', hasher, new Date(t0)))).toBe('Stored');
    expect(await store.put(issueCode(key, '222222', hasher, new Date(t0 + 59_999)))).toBe('CoolingDown');
    expect(await store.put(issueCode(key, '333333', hasher, new Date(t0 + 60_000)))).toBe('Stored');
  });

  it('stops counting at the maximum', async () => {
    const store = new DynamoOneTimeCodeStore(table);
    const code = issueCode(subject(newPhone()), '111111', hasher, new Date(TEST_NOW));
    await store.put(code);
    const counted = await Promise.all(Array.from({ length: 8 }, () => store.countAttempt(code, 3)));
    expect(counted.filter(Boolean)).toHaveLength(3);
    expect((await store.get(code))?.attempts).toBe(3);
  });
});
