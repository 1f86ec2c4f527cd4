import { beforeAll, describe, expect, it } from 'vitest';
import { SvgCaptchaGenerator } from '../../adapters/captcha/svg-captcha-generator';
import { HmacCodeHasher } from '../../adapters/crypto/hmac-code-hasher';
import { secrets } from '../../adapters/crypto/secrets';
import { DynamoCaptchaChallenges } from '../../adapters/dynamodb/captcha-store';
import { DynamoFailedLogonCounter } from '../../adapters/dynamodb/failed-logon-counter';
import { captchaChallengeKey } from '../../adapters/dynamodb/keys';
import type { Table } from '../../adapters/dynamodb/table';
import { identifierKey } from '../../domain/ciam/captcha';
import type { CaptchaGenerator, CaptchaPorts } from '../../domain/ciam/captcha-ports';
import {
  admitLogonAttempt,
  checkCaptcha,
  isCaptchaRequired,
  issueCaptcha,
  recordFailedLogon,
  recordSuccessfulLogon,
} from '../../domain/ciam/captcha-use-cases';
import type { InstanceId } from '../../domain/shared/ids';
import { manualClock } from '../support/clock';
import { freshTable } from '../support/db';

let table: Table;
beforeAll(async () => {
  ({ table } = await freshTable());
});

const instanceA = 'idaas_aaaaaaaaaaaaaaaaaaaaaaaaaa' as InstanceId;
const instanceB = 'idaas_bbbbbbbbbbbbbbbbbbbbbbbbbb' as InstanceId;
let n = 0;
const newUser = () => `user${++n}@example.com`;
const newIp = () => `192.0.2.${++n % 250}`;

const world = () => {
  const clock = manualClock();
  const svg = new SvgCaptchaGenerator();
  // The real generator, with the text it drew last kept for the test to answer with.
  let lastText = '';
  const generator: CaptchaGenerator = {
    generate: async () => {
      const out = await svg.generate();
      lastText = out.text;
      return out;
    },
  };
  const ports: CaptchaPorts = {
    clock,
    failedLogons: new DynamoFailedLogonCounter(table),
    captchaChallenges: new DynamoCaptchaChallenges(table),
    captchaGenerator: generator,
    codeHasher: new HmacCodeHasher('integration-test-code-hashing-key-0002'),
    secrets,
  };
  const issue = async (instanceId = instanceA) => {
    const issued = await issueCaptcha(ports, { instanceId });
    return { ...issued, text: lastText };
  };
  return { ports, clock, issue };
};

const invalid = { ok: false, error: { code: 'Captcha.Invalid' } };

describe('CAPTCHA challenges', () => {
  it('issues an SVG picture whose text is not in the markup; the answer, in any case, passes once', async () => {
    const { ports, issue } = world();
    const { id, svg, text, expiresAt } = await issue();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<path');
    expect(svg).not.toContain(text);
    expect(text).toMatch(/^[A-HJ-NP-Za-hkmnp-z2-9]{5}$/);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(new Date(ports.clock.now().getTime() + 300_000).toISOString());

    const item = await table.get(captchaChallengeKey(instanceA, id));
    expect(item?.answerHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(item).toLowerCase()).not.toContain(text.toLowerCase());
    expect(item?.ttl).toBe(Math.ceil(Date.parse(expiresAt) / 1000));

    const swapped = [...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
    expect(await checkCaptcha(ports, { instanceId: instanceA, id, answer: ` ${swapped} ` })).toEqual({ ok: true, value: undefined });
    // Reusing a solved challenge fails.
    expect(await checkCaptcha(ports, { instanceId: instanceA, id, answer: text })).toMatchObject(invalid);
  });

  it('a wrong answer uses the challenge up: no second guess', async () => {
    const { ports, issue } = world();
    const { id, text } = await issue();
    expect(await checkCaptcha(ports, { instanceId: instanceA, id, answer: 'zzzzz' === text ? 'yyyyy' : 'zzzzz' })).toMatchObject(invalid);
    expect(await checkCaptcha(ports, { instanceId: instanceA, id, answer: text })).toMatchObject(invalid);
  });

  it('one solved challenge does not answer another', async () => {
    const { ports, issue } = world();
    const first = await issue();
    let second = await issue();
    while (second.text.toLowerCase() === first.text.toLowerCase()) second = await issue();
    expect(await checkCaptcha(ports, { instanceId: instanceA, id: second.id, answer: first.text })).toMatchObject(invalid);
    expect((await checkCaptcha(ports, { instanceId: instanceA, id: first.id, answer: first.text })).ok).toBe(true);
  });

  it('expires after 5 minutes', async () => {
    const { ports, clock, issue } = world();
    const early = await issue();
    const late = await issue();
    clock.advance(299_999);
    expect((await checkCaptcha(ports, { instanceId: instanceA, id: early.id, answer: early.text })).ok).toBe(true);
    clock.advance(1);
    expect(await checkCaptcha(ports, { instanceId: instanceA, id: late.id, answer: late.text })).toMatchObject(invalid);
  });

  it('of two concurrent answers to one challenge exactly one passes', async () => {
    const { ports, issue } = world();
    for (let round = 0; round < 5; round++) {
      const { id, text } = await issue();
      const results = await Promise.all([
        checkCaptcha(ports, { instanceId: instanceA, id, answer: text }),
        checkCaptcha(ports, { instanceId: instanceA, id, answer: text }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    }
  });

  it('refuses made-up and malformed ids (an oversized one must not reach DynamoDB as a key)', async () => {
    const { ports } = world();
    for (const id of ['', 'short', 'x'.repeat(10_000), 'CAPTCHA#x#y', secrets.newOpaqueToken()]) {
      expect(await checkCaptcha(ports, { instanceId: instanceA, id, answer: 'abcde' })).toMatchObject(invalid);
    }
  });

  it('another instance sees nothing: its take finds no challenge and leaves it for its owner', async () => {
    const { ports, issue } = world();
    const { id, text } = await issue(instanceA);
    expect(await checkCaptcha(ports, { instanceId: instanceB, id, answer: text })).toMatchObject(invalid);
    expect((await checkCaptcha(ports, { instanceId: instanceA, id, answer: text })).ok).toBe(true);
  });
});

describe('the logon gate: a CAPTCHA after 2 failed logons within 3 minutes', () => {
  it('is not asked at first; after two failures it is, and cannot be skipped, failed or reused', async () => {
    const { ports, clock, issue } = world();
    const subject = { instanceId: instanceA, identifier: newUser(), ip: newIp() };
    expect(await admitLogonAttempt(ports, subject)).toEqual({ ok: true, value: undefined });

    await recordFailedLogon(ports, subject);
    expect(await isCaptchaRequired(ports, subject)).toBe(false);
    clock.advance(60_000);
    await recordFailedLogon(ports, subject);
    expect(await isCaptchaRequired(ports, subject)).toBe(true);

    // Omitting it does not pass.
    expect(await admitLogonAttempt(ports, subject)).toMatchObject({ ok: false, error: { code: 'Captcha.Required' } });
    expect(await admitLogonAttempt(ports, { ...subject, captcha: undefined })).toMatchObject({ ok: false, error: { code: 'Captcha.Required' } });
    // A wrong answer does not pass.
    const wrong = await issue();
    expect(await admitLogonAttempt(ports, { ...subject, captcha: { id: wrong.id, answer: wrong.text === 'aaaaa' ? 'bbbbb' : 'aaaaa' } })).toMatchObject(invalid);
    // The right one does, once.
    const right = await issue();
    expect(await admitLogonAttempt(ports, { ...subject, captcha: { id: right.id, answer: right.text } })).toEqual({ ok: true, value: undefined });
    expect(await admitLogonAttempt(ports, { ...subject, captcha: { id: right.id, answer: right.text } })).toMatchObject(invalid);

    // Three quiet minutes after the second failure, the form is plain again.
    clock.advance(180_000);
    expect(await admitLogonAttempt(ports, subject)).toEqual({ ok: true, value: undefined });
  });

  it('counts an identifier however it is typed, from any address', async () => {
    const { ports } = world();
    const user = newUser();
    await recordFailedLogon(ports, { instanceId: instanceA, identifier: user.toUpperCase(), ip: newIp() });
    await recordFailedLogon(ports, { instanceId: instanceA, identifier: ` ${user} `, ip: newIp() });
    expect(await isCaptchaRequired(ports, { instanceId: instanceA, identifier: user, ip: newIp() })).toBe(true);
  });

  it('counts a client across identifiers (password spraying), and an IPv6 client by its /64', async () => {
    const { ports } = world();
    const ip = newIp();
    await recordFailedLogon(ports, { instanceId: instanceA, identifier: newUser(), ip });
    await recordFailedLogon(ports, { instanceId: instanceA, identifier: newUser(), ip });
    expect(await isCaptchaRequired(ports, { instanceId: instanceA, identifier: newUser(), ip })).toBe(true);
    expect(await isCaptchaRequired(ports, { instanceId: instanceA, identifier: newUser(), ip: newIp() })).toBe(false);

    await recordFailedLogon(ports, { instanceId: instanceA, identifier: newUser(), ip: '2001:db8:77::1' });
    await recordFailedLogon(ports, { instanceId: instanceA, identifier: newUser(), ip: '2001:db8:77::2' });
    expect(await isCaptchaRequired(ports, { instanceId: instanceA, identifier: newUser(), ip: '2001:db8:77:0:abcd::9' })).toBe(true);
    expect(await isCaptchaRequired(ports, { instanceId: instanceA, identifier: newUser(), ip: '2001:db8:77:1::1' })).toBe(false);
  });

  it('uses a sliding window: two failures 170 s apart count, 181 s apart do not', async () => {
    const { ports, clock } = world();
    const near = { instanceId: instanceA, identifier: newUser(), ip: newIp() };
    const far = { instanceId: instanceA, identifier: newUser(), ip: newIp() };
    await recordFailedLogon(ports, near);
    await recordFailedLogon(ports, far);
    clock.advance(170_000);
    await recordFailedLogon(ports, near);
    expect(await isCaptchaRequired(ports, near)).toBe(true);
    clock.advance(11_000);
    await recordFailedLogon(ports, far);
    expect(await isCaptchaRequired(ports, far)).toBe(false);
  });

  it('a successful logon clears the identifier but not the client', async () => {
    const { ports } = world();
    const ip = newIp();
    const subject = { instanceId: instanceA, identifier: newUser(), ip };
    await recordFailedLogon(ports, subject);
    await recordFailedLogon(ports, subject);
    await recordSuccessfulLogon(ports, subject);
    // The client's two failures still count for anyone logging on from it…
    expect(await isCaptchaRequired(ports, subject)).toBe(true);
    // …but the identifier itself is clean from another address.
    expect(await isCaptchaRequired(ports, { ...subject, ip: newIp() })).toBe(false);
  });

  it('keeps every one of many concurrent failures (atomic slot shifts)', async () => {
    const { ports } = world();
    const subject = { instanceId: instanceA, identifier: newUser(), ip: newIp() };
    await Promise.all(Array.from({ length: 5 }, () => recordFailedLogon(ports, subject)));
    const [times] = await ports.failedLogons.recent([identifierKey(instanceA, subject.identifier)]);
    expect(times).toHaveLength(5);
    // Twenty more: the item keeps the newest five, and does not grow.
    await Promise.all(Array.from({ length: 20 }, () => recordFailedLogon(ports, subject)));
    expect((await ports.failedLogons.recent([identifierKey(instanceA, subject.identifier)]))[0]).toHaveLength(5);
  });

  it('another instance sees nothing: failures on one instance never ask for a CAPTCHA on another', async () => {
    const { ports } = world();
    const identifier = newUser();
    const ip = newIp();
    await recordFailedLogon(ports, { instanceId: instanceA, identifier, ip });
    await recordFailedLogon(ports, { instanceId: instanceA, identifier, ip });
    expect(await isCaptchaRequired(ports, { instanceId: instanceA, identifier, ip })).toBe(true);
    expect(await isCaptchaRequired(ports, { instanceId: instanceB, identifier, ip })).toBe(false);
    expect(await admitLogonAttempt(ports, { instanceId: instanceB, identifier, ip })).toEqual({ ok: true, value: undefined });
    // Clearing on B leaves A's count alone.
    await recordSuccessfulLogon(ports, { instanceId: instanceB, identifier });
    expect(await isCaptchaRequired(ports, { instanceId: instanceA, identifier, ip: newIp() })).toBe(true);
  });
});
