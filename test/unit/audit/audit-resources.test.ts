import { describe, expect, it } from 'vitest';
import { resourcesOf, withResources } from '../../../domain/audit/audit-resources';

describe('the resources a request names', () => {
  it('reads ids off parameter names', () => {
    expect(resourcesOf({ directoryId: 'd-1', userId: 'u-1', accessConfigurationId: 'ac-1', name: 'x' })).toEqual([
      { type: 'Directory', id: 'd-1' },
      { type: 'User', id: 'u-1' },
      { type: 'AccessConfiguration', id: 'ac-1' },
    ]);
  });

  it('types a principal and a target by their declared type', () => {
    expect(resourcesOf({ principalType: 'Group', principalId: 'g-1', targetType: 'RD-Folder', targetId: 'fd-1' })).toEqual([
      { type: 'Group', id: 'g-1' },
      { type: 'RD-Folder', id: 'fd-1' },
    ]);
  });

  it('takes lists of ids, and skips values that are not ids', () => {
    expect(resourcesOf({ userIds: ['u-1', 'u-2'], groupId: { nested: true }, applicationId: '', keyId: 'k'.repeat(200) })).toEqual([
      { type: 'User', id: 'u-1' },
      { type: 'User', id: 'u-2' },
    ]);
  });

  it('adds without repeating', () => {
    expect(withResources([{ type: 'User', id: 'u-1' }], [{ type: 'User', id: 'u-1' }, { type: 'Group', id: 'g-1' }])).toEqual([
      { type: 'User', id: 'u-1' },
      { type: 'Group', id: 'g-1' },
    ]);
  });
});
