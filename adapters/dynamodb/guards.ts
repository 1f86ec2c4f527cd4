import type { Key } from './keys';
import type { TransactItem } from './table';

/**
 * Uniqueness guards: an item per unique value (a user name, an e-mail, an external id), written in the
 * same transaction as the entity with `attribute_not_exists`, so two entities can never hold the value.
 */
export type Guard<C extends string> = { readonly key: Key; readonly code: C; readonly what: string };

export const putGuard = (guard: Guard<string>, kind: string, owner: Record<string, unknown>): TransactItem => ({
  Put: { Item: { ...guard.key, kind, ...owner }, ConditionExpression: 'attribute_not_exists(pk)' },
});

export const deleteGuard = (guard: Guard<string>): TransactItem => ({ Delete: { Key: guard.key } });

/**
 * The guards an update must add and drop, for values that changed. Guards are compared by their whole
 * key: a directory's guards share a partition and differ by sort key, CIAM customers' guards are
 * partitions of their own with the same sort key.
 */
export const guardChanges = <G extends Guard<string>>(before: readonly G[], after: readonly G[]) => {
  const id = (g: G) => `${g.key.pk}\u0000${g.key.sk}`;
  const had = new Set(before.map(id));
  const has = new Set(after.map(id));
  return { added: after.filter((g) => !had.has(id(g))), dropped: before.filter((g) => !has.has(id(g))) };
};

/** Which guard's condition failed, given the transaction's failed indexes and where the guards start. */
export const failedGuard = <G>(failed: readonly number[], guards: readonly G[], offset: number): G | undefined =>
  failed.map((i) => guards[i - offset]).find((g) => g !== undefined);
