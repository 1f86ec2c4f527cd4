import type { Key } from './keys';
import type { TransactItem } from './table';

/**
 * An Update that sets every given field (and removes those given as undefined) if the item's version
 * is still `expectedVersion`. Unlike a Put it leaves other attributes alone, so counters that other
 * transactions keep on the same item with `ADD` (key counts, member counts) are never overwritten.
 */
export const versionedUpdate = (
  key: Key,
  fields: Record<string, unknown>,
  expectedVersion: number,
): Extract<TransactItem, { Update: unknown }>['Update'] => {
  const names: Record<string, string> = { '#v': 'v' };
  const values: Record<string, unknown> = { ':expected': expectedVersion };
  const sets: string[] = [];
  const removes: string[] = [];
  let n = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'pk' || name === 'sk') continue;
    const alias = `#a${n}`;
    names[alias] = name;
    if (value === undefined) removes.push(alias);
    else {
      values[`:a${n}`] = value;
      sets.push(`${alias} = :a${n}`);
    }
    n++;
  }
  return {
    Key: key,
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: '#v = :expected',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
};
