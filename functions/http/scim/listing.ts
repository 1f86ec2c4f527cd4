import type { Page, PageRequest } from '../../../domain/shared/page';
import type { FilterLookup, FilterPlan } from '../../../domain/scim/filter';
import type { JsonObject } from '../../../domain/scim/json';
import type { Paging } from '../../../domain/scim/list-response';
import { tooMany } from '../../../domain/scim/scim-error';
import { ScimFailure } from './scim-failure';

/** Without a key lookup, a filter is evaluated over at most this many resources (RFC 7644 `tooMany`). */
export const MAX_EVALUATED = 10_000;

/**
 * Answers a SCIM list query. A filter with a key condition (`userName eq`, `externalId eq`,
 * `members[value eq]`, …) is answered from that key: O(result), whatever the directory's size.
 * Anything else reads the directory page by page, up to MAX_EVALUATED resources, and says `tooMany`
 * beyond that instead of scanning without bound.
 */
export const listResources = async <T>(query: {
  readonly plan: FilterPlan | undefined;
  readonly paging: Paging;
  readonly lookup: (l: FilterLookup) => Promise<readonly T[]>;
  readonly page: (request: PageRequest) => Promise<Page<T>>;
  /** The resource count when there is no filter (kept by the store, no read needed). */
  readonly total: number;
  readonly toScim: (t: T) => JsonObject;
}): Promise<{ resources: JsonObject[]; totalResults: number }> => {
  const { plan, paging } = query;
  const wanted = { from: paging.startIndex - 1, to: paging.startIndex - 1 + paging.count };
  if (plan?.lookup) {
    const candidates = (await query.lookup(plan.lookup)).map(query.toScim).filter((r) => plan.residual(r));
    return { resources: candidates.slice(wanted.from, wanted.to), totalResults: candidates.length };
  }
  if (!plan && wanted.to > MAX_EVALUATED && paging.count > 0) {
    throw new ScimFailure(tooMany(`Without a filter, results are paged within the first ${MAX_EVALUATED}; narrow the query with a filter.`));
  }
  const matching: JsonObject[] = [];
  let evaluated = 0;
  let nextToken: string | undefined;
  do {
    const page = await query.page({ limit: 100, nextToken });
    for (const item of page.items) {
      evaluated++;
      const scim = query.toScim(item);
      if (!plan || plan.matches(scim)) matching.push(scim);
    }
    nextToken = page.nextToken;
    // Unfiltered, the total is known: stop as soon as the requested page is full.
    if (!plan && matching.length >= wanted.to) break;
    if (plan && evaluated >= MAX_EVALUATED && nextToken) {
      throw new ScimFailure(tooMany(`This filter has no key condition and the directory holds more than ${MAX_EVALUATED} resources; filter on userName, externalId, id, displayName or members.value.`));
    }
  } while (nextToken);
  return { resources: matching.slice(wanted.from, wanted.to), totalResults: plan ? matching.length : query.total };
};
