/** One page of a listing. `nextToken` is opaque to callers; absent on the last page. */
export type Page<T> = {
  readonly items: readonly T[];
  readonly nextToken?: string;
};

export type PageRequest = {
  readonly limit: number;
  readonly nextToken?: string | undefined;
};

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
