import { LIST_RESPONSE_SCHEMA } from './schema-urns';
import { err, ok, type Result } from '../shared/result';
import { invalidValue, type ScimError } from './scim-error';

/** The ServiceProviderConfig's `filter.maxResults`: no page holds more. */
export const MAX_RESULTS = 100;

export type ListResponse<T> = {
  readonly schemas: readonly [typeof LIST_RESPONSE_SCHEMA];
  readonly totalResults: number;
  readonly startIndex: number;
  readonly itemsPerPage: number;
  readonly Resources: readonly T[];
};

/**
 * RFC 7644 §3.4.2. `Resources` is always present, empty when nothing matched, which every IdP accepts.
 * `itemsPerPage` defaults to the number of resources on the page.
 */
export const listResponse = <T>(
  resources: readonly T[],
  page: { readonly totalResults: number; readonly startIndex: number; readonly itemsPerPage?: number },
): ListResponse<T> => ({
  schemas: [LIST_RESPONSE_SCHEMA],
  totalResults: page.totalResults,
  startIndex: page.startIndex,
  itemsPerPage: page.itemsPerPage ?? resources.length,
  Resources: resources,
});

export type Paging = { readonly startIndex: number; readonly count: number };

const INTEGER = /^\s*[-+]?\d+\s*$/;

/**
 * RFC 7644 §3.4.2.4: `startIndex` is 1-based and values below 1 are read as 1; a negative `count` is read
 * as 0 (only `totalResults` is wanted); `count` defaults to and is capped at `MAX_RESULTS`.
 */
export const parsePaging = (query: { readonly startIndex?: string | undefined; readonly count?: string | undefined }): Result<
  Paging,
  ScimError
> => {
  const startIndex = integer(query.startIndex, 'startIndex');
  if (!startIndex.ok) return startIndex;
  const count = integer(query.count, 'count');
  if (!count.ok) return count;
  return ok({
    startIndex: Math.max(1, startIndex.value ?? 1),
    count: Math.min(MAX_RESULTS, Math.max(0, count.value ?? MAX_RESULTS)),
  });
};

const integer = (raw: string | undefined, name: string): Result<number | undefined, ScimError> => {
  if (raw === undefined || raw.trim() === '') return ok(undefined);
  if (!INTEGER.test(raw)) return err(invalidValue(`${name} must be an integer, not ${JSON.stringify(raw)}`));
  const n = Number(raw);
  // Beyond the safe range the exact value is lost; clamp to it, as either bound then applies anyway.
  return ok(Math.max(Number.MIN_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, n)));
};
