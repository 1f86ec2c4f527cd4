import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../adapters/dynamodb/cursor';

const partition = { attribute: 'pk', value: 'ACCOUNT#1' };

describe('pagination cursors', () => {
  it('round-trip the last evaluated key', () => {
    const key = { pk: 'ACCOUNT#1', sk: 'ADMIN#x' };
    expect(decodeCursor(encodeCursor(key), partition)).toEqual({ ok: true, key });
  });

  it('treat a missing token as the first page', () => {
    expect(decodeCursor(undefined, partition)).toEqual({ ok: true, key: undefined });
  });

  it.each([
    ['another partition (another tenant)', encodeCursor({ pk: 'ACCOUNT#2', sk: 'ADMIN#x' })],
    ['not base64url', 'a b c'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['an array', Buffer.from('[1]').toString('base64url')],
    ['non-string values', Buffer.from(JSON.stringify({ pk: 'ACCOUNT#1', sk: 1 })).toString('base64url')],
    ['too long', 'a'.repeat(3000)],
  ])('reject %s', (_what, token) => {
    expect(decodeCursor(token, partition)).toEqual({ ok: false });
  });
});
