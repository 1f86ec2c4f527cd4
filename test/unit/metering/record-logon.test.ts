import { describe, expect, it } from 'vitest';
import { markId } from '../../../domain/metering/activity-mark';
import { shardOf } from '../../../domain/metering/counter-shard';
import { marksOfLogon, planLogonBatch, type LogonActivity } from '../../../domain/metering/record-logon';

const now = new Date('2026-12-01T00:02:00.000Z');
const logon = (at: string, over: Partial<LogonActivity> = {}): LogonActivity => ({ instanceId: 'idaas_a', applicationId: 'app_1', customerId: 'user_1', at, ...over });
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('the marks of a logon', () => {
  it('are the instance mark and the application mark, on the UTC month and day of `at`', () => {
    const marks = marksOfLogon(logon('2026-11-30T23:59:59.000Z'), now);
    const base = { instanceId: 'idaas_a', month: '2026-11', day: '2026-11-30', customerId: 'user_1', shard: shardOf('user_1') };
    expect(marks).toEqual({ ok: true, value: [base, { ...base, applicationId: 'app_1' }] });
    const december = marksOfLogon(logon('2026-12-01T00:00:00.000Z'), now);
    expect(december.ok && december.value.map((m) => m.day)).toEqual(['2026-12-01', '2026-12-01']);
  });

  it.each([
    // The oldest month kept is 12 before the current one: 2025-12 while it is December 2026.
    ['2025-12-01T00:00:00.000Z', 'ok'],
    ['2025-11-30T23:59:59.999Z', 'Metering.EventTooOld'],
    ['2020-01-01T00:00:00.000Z', 'Metering.EventTooOld'],
    // Clocks may disagree by a few minutes, not more.
    ['2026-12-01T00:07:00.000Z', 'ok'],
    ['2026-12-01T00:07:00.001Z', 'Metering.EventInFuture'],
    ['2027-06-01T00:00:00.000Z', 'Metering.EventInFuture'],
  ])('at %s: %s', (at, code) => {
    expect(codeOf(marksOfLogon(logon(at), now))).toBe(code);
  });

  it('says why a logon is too old, so the dead letter explains itself', () => {
    const out = marksOfLogon(logon('2025-10-31T23:59:59.000Z'), now);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/before 2025-12, the oldest month metering keeps \(12 months back\)/);
  });

  it.each([
    [{ customerId: 'user_1#x' }],
    [{ instanceId: 'idaas a' }],
    [{ applicationId: '' }],
    [{ at: 'yesterday' }],
  ])('refuses a malformed logon %j', (over) => {
    expect(codeOf(marksOfLogon(logon('2026-11-30T10:00:00.000Z', over), now))).toBe('Metering.MalformedEvent');
  });
});

describe('planning a batch', () => {
  it('sets each mark once, on the earliest day any logon of the batch gives it', () => {
    const plan = planLogonBatch(
      [
        logon('2026-11-20T10:00:00.000Z'),
        logon('2026-11-03T10:00:00.000Z', { applicationId: 'app_2' }),
        logon('2026-11-20T10:00:00.000Z'),
        logon('2026-11-05T10:00:00.000Z'),
        logon('2026-11-05T10:00:00.000Z', { customerId: 'user_2' }),
        logon('2019-01-01T00:00:00.000Z'),
      ],
      now,
    );
    expect(plan.logons.map(codeOf)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'Metering.EventTooOld']);
    const byId = [...plan.marks.values()].map((m) => `${m.customerId}/${m.applicationId ?? '-'}@${m.day}`).sort();
    expect(byId).toEqual(['user_1/-@2026-11-03', 'user_1/app_1@2026-11-05', 'user_1/app_2@2026-11-03', 'user_2/-@2026-11-05', 'user_2/app_1@2026-11-05']);
    // The duplicates point at the same marks.
    const first = plan.logons[0]!;
    const third = plan.logons[2]!;
    expect(first.ok && third.ok && first.value).toEqual(third.ok && third.value);
    expect(first.ok && first.value.every((id) => plan.marks.has(id))).toBe(true);
  });

  it('keeps months apart: the same account in November and December is two instance marks', () => {
    const plan = planLogonBatch([logon('2026-11-30T23:59:59.000Z'), logon('2026-12-01T00:00:00.000Z')], now);
    const instanceMarks = [...plan.marks.values()].filter((m) => m.applicationId === undefined);
    expect(instanceMarks.map((m) => m.month).sort()).toEqual(['2026-11', '2026-12']);
    expect(new Set(instanceMarks.map(markId)).size).toBe(2);
  });
});
