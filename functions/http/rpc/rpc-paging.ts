import type { Page, PageRequest } from '../../../domain/shared/page';

/** CloudSSO's page size when `MaxResults` is absent (its documented default; the REST API's is 20). */
export const DEFAULT_MAX_RESULTS = 10;

/** `NextToken`/`MaxResults` as the domain's page request. */
export const pageOf = (p: { readonly NextToken?: string | undefined; readonly MaxResults?: number | undefined }): PageRequest => ({
  limit: p.MaxResults ?? DEFAULT_MAX_RESULTS,
  nextToken: p.NextToken,
});

/**
 * The paging fields of a List answer: `IsTruncated`, `NextToken` while there is more, and the page
 * size used. No `TotalCounts`: the use cases read a page, never count the listing.
 */
export const pagingOf = (page: Page<unknown>, request: PageRequest) => ({
  IsTruncated: page.nextToken !== undefined,
  ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  MaxResults: request.limit,
});
