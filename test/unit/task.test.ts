import { describe, expect, it } from 'vitest';
import type { AccountId, ResourceDirectoryId, TaskId } from '../../domain/shared/ids';
import { finishTask, isFinished, newTask, recordAttempt } from '../../domain/tasks/task';

const t0 = new Date('2026-11-23T10:00:00Z');
const t1 = new Date('2026-11-23T10:00:05Z');
const task = newTask(
  { kind: 'resourceDirectory', id: 'rd-1' as ResourceDirectoryId },
  't-1' as TaskId,
  { type: 'RemoveResourceAccount', accountId: '2000000000000002' as AccountId },
  t0,
);

describe('task transitions', () => {
  it('starts in progress with no attempts', () => {
    expect(task).toMatchObject({ status: 'InProgress', attempts: 0, version: 1 });
    expect(isFinished(task)).toBe(false);
  });

  it('records a failed attempt without finishing', () => {
    const next = recordAttempt(task, 'throttled', t1);
    expect(next).toMatchObject({ status: 'InProgress', attempts: 1, failureReason: 'throttled', version: 2 });
    expect(isFinished(next)).toBe(false);
  });

  it('finishes with success, dropping an earlier failure reason', () => {
    const done = finishTask(recordAttempt(task, 'throttled', t1), { ok: true }, t1);
    expect(done).toMatchObject({ status: 'Success', attempts: 2, finishedAt: t1.toISOString() });
    expect(done.failureReason).toBeUndefined();
  });

  it('finishes with a failure reason', () => {
    expect(finishTask(task, { ok: false, reason: 'gone' }, t1)).toMatchObject({ status: 'Failed', failureReason: 'gone' });
  });
});
