import { describe, expect, it } from 'vitest';
import { etagOf, ifMatchSatisfied } from '../../../domain/scim/etag';

describe('etagOf', () => {
  it('is a weak entity tag of the version', () => {
    expect(etagOf(7)).toBe('W/"7"');
  });
});

describe('ifMatchSatisfied (RFC 7232 §3.1, RFC 7644 §3.14)', () => {
  it.each<[string | undefined, number, boolean]>([
    [undefined, 3, true],
    ['', 3, true],
    ['*', 3, true],
    [' * ', 3, true],
    ['W/"3"', 3, true],
    ['"3"', 3, true],
    ['W/"2"', 3, false],
    ['"2"', 3, false],
    ['W/"1", W/"3"', 3, true],
    ['"1","2"', 3, false],
    ['W/"33"', 3, false],
    ['3', 3, true],
    ['garbage', 3, false],
  ])('If-Match %j at version %i → %s', (header, version, expected) => {
    expect(ifMatchSatisfied(header, version)).toBe(expected);
  });
});
