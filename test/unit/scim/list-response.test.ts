import { describe, expect, it } from 'vitest';
import { listResponse, parsePaging } from '../../../domain/scim/list-response';
import { oktaListQuery } from './fixtures/okta';

describe('listResponse (RFC 7644 §3.4.2)', () => {
  it('wraps resources with the paging numbers', () => {
    expect(listResponse([{ id: 'a' }, { id: 'b' }], { totalResults: 12, startIndex: 3, itemsPerPage: 2 })).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 12,
      startIndex: 3,
      itemsPerPage: 2,
      Resources: [{ id: 'a' }, { id: 'b' }],
    });
  });

  it('counts the page when itemsPerPage is not given, and keeps an empty Resources', () => {
    const empty = listResponse([], { totalResults: 0, startIndex: 1 });
    expect(empty.itemsPerPage).toBe(0);
    expect(empty.Resources).toEqual([]);
  });
});

describe('parsePaging (RFC 7644 §3.4.2.4)', () => {
  it.each<[{ startIndex?: string; count?: string }, { startIndex: number; count: number }]>([
    [{}, { startIndex: 1, count: 100 }],
    [{ startIndex: oktaListQuery.startIndex, count: oktaListQuery.count }, { startIndex: 1, count: 100 }],
    [{ startIndex: '0' }, { startIndex: 1, count: 100 }],
    [{ startIndex: '-5' }, { startIndex: 1, count: 100 }],
    [{ startIndex: '51', count: '25' }, { startIndex: 51, count: 25 }],
    [{ count: '0' }, { startIndex: 1, count: 0 }],
    [{ count: '-1' }, { startIndex: 1, count: 0 }],
    [{ count: '1000' }, { startIndex: 1, count: 100 }],
    [{ count: '' }, { startIndex: 1, count: 100 }],
    [{ startIndex: '99999999999999999999' }, { startIndex: Number.MAX_SAFE_INTEGER, count: 100 }],
  ])('%j → %j', (query, expected) => {
    expect(parsePaging(query)).toEqual({ ok: true, value: expected });
  });

  it.each([{ startIndex: 'abc' }, { count: '1.5' }, { count: '10x' }, { startIndex: '1e3' }])('refuses %j', (query) => {
    const r = parsePaging(query);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ status: 400, scimType: 'invalidValue' });
  });
});
