import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DeleteCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '../../domain/shared/page';
import { currentAuditScope, type AuditCarry } from '../audit/audit-scope';
import { decodeCursor, encodeCursor } from './cursor';
import type { Key } from './keys';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from './retry';

/** Anything that sends lib-dynamodb commands: the document client, or a failure-injecting wrapper. */
export type CommandSender = { send(command: unknown): Promise<unknown> };

export type Item = Record<string, unknown>;
type NoTable<T> = Omit<T, 'TableName'>;
type Expressions = {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};
/** One write of a transaction, without TableName (the Table adds it). */
export type TransactItem =
  | { Put: { Item: Item } & Expressions }
  | { Update: { Key: Key; UpdateExpression: string } & Expressions }
  | { Delete: { Key: Key } & Expressions }
  | { ConditionCheck: { Key: Key; ConditionExpression: string } & Expressions };

/** The most items one TransactWriteItems takes. */
export const MAX_TRANSACTION_ITEMS = 100;

/** A conditional write that failed: which items' conditions did not hold. */
export type Cancelled = { readonly ok: false; readonly failed: readonly number[] };
export type WriteOutcome = { readonly ok: true } | Cancelled;

const EXPRESSIONS = ['ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'] as const;
const pick = (input: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));

const isConditionalFailure = (error: unknown): boolean => (error as Error)?.name === 'ConditionalCheckFailedException';

/**
 * The single table, seen through the few operations repositories need. It adds the table name,
 * retries transient failures, and turns conditional-check failures into data (`Cancelled`) instead
 * of exceptions; every other failure is rethrown.
 *
 * Inside a request's audit scope (adapters/audit/audit-scope.ts) the first write that can carry the
 * request's audit record does, in the same transaction: a single put, update or delete then becomes
 * a two-item transaction, so a change and its record are written together or not at all.
 */
export class Table {
  constructor(
    readonly name: string,
    private readonly client: CommandSender,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {}

  private send<T>(command: unknown): Promise<T> {
    return withRetry(this.retry, () => this.client.send(command) as Promise<T>);
  }

  async get(key: Key): Promise<Item | undefined> {
    const out = await this.send<{ Item?: Item }>(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }));
    return out.Item;
  }

  /** Many items by key, in batches of 100, retrying what DynamoDB leaves unprocessed. Order not kept. */
  async getMany(keys: readonly Key[]): Promise<Item[]> {
    const items: Item[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
      for (let round = 0; pending.length > 0; round++) {
        const out = await this.send<{ Responses?: Record<string, Item[]>; UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }> }>(
          new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending, ConsistentRead: true } } }),
        );
        items.push(...(out.Responses?.[this.name] ?? []));
        pending = out.UnprocessedKeys?.[this.name]?.Keys ?? [];
        if (pending.length > 0) {
          if (round >= this.retry.maxAttempts) throw new Error(`BatchGet left ${pending.length} keys unprocessed`);
          await this.retry.sleep(Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** round));
        }
      }
    }
    return items;
  }

  /** Unconditional puts in batches of 25, retrying what DynamoDB leaves unprocessed. Not atomic. */
  async putMany(items: readonly Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let pending: { PutRequest: { Item: Item } }[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let round = 0; pending.length > 0; round++) {
        const out = await this.send<{ UnprocessedItems?: Record<string, { PutRequest?: { Item: Item } }[]> }>(
          new BatchWriteCommand({ RequestItems: { [this.name]: pending } }),
        );
        pending = (out.UnprocessedItems?.[this.name] ?? []).filter((r): r is { PutRequest: { Item: Item } } => r.PutRequest !== undefined);
        if (pending.length > 0) {
          if (round >= this.retry.maxAttempts) throw new Error(`BatchWrite left ${pending.length} items unprocessed`);
          await this.retry.sleep(Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** round));
        }
      }
    }
  }

  async put(input: NoTable<PutCommandInput>, carry?: AuditCarry): Promise<WriteOutcome> {
    const audit = await this.auditRecord(carry);
    if (audit) return this.withAudit([{ Put: pick(input, ['Item', ...EXPRESSIONS]) } as TransactItem], audit);
    return this.conditional(() => this.send(new PutCommand({ ...input, TableName: this.name })));
  }

  async update(input: NoTable<UpdateCommandInput>, carry?: AuditCarry): Promise<WriteOutcome> {
    const audit = await this.auditRecord(carry);
    if (audit) return this.withAudit([{ Update: pick(input, ['Key', 'UpdateExpression', ...EXPRESSIONS]) } as TransactItem], audit);
    return this.conditional(() => this.send(new UpdateCommand({ ...input, TableName: this.name })));
  }

  async delete(input: NoTable<DeleteCommandInput>): Promise<WriteOutcome> {
    const audit = await this.auditRecord();
    if (audit) return this.withAudit([{ Delete: pick(input, ['Key', ...EXPRESSIONS]) } as TransactItem], audit);
    return this.conditional(() => this.send(new DeleteCommand({ ...input, TableName: this.name })));
  }

  /** Adds `delta` to a numeric attribute (creating the item) and returns the new value. */
  async add(key: Key, attribute: string, delta: number, extra: Record<string, unknown> = {}): Promise<number> {
    const names: Record<string, string> = { '#n': attribute };
    const values: Record<string, unknown> = { ':d': delta };
    const sets = Object.entries(extra).map(([k, v], i) => {
      names[`#e${i}`] = k;
      values[`:e${i}`] = v;
      return `#e${i} = :e${i}`;
    });
    const out = await this.send<{ Attributes?: Record<string, unknown> }>(
      new UpdateCommand({
        TableName: this.name,
        Key: key,
        UpdateExpression: `ADD #n :d${sets.length ? ` SET ${sets.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.[attribute] ?? 0);
  }

  /** All or nothing. Items are given without TableName; it is added here. */
  async transact(items: readonly TransactItem[], carry?: AuditCarry): Promise<WriteOutcome> {
    const audit = items.length < MAX_TRANSACTION_ITEMS ? await this.auditRecord(carry) : undefined;
    if (audit) return this.withAudit(items, audit);
    return this.transactItems(items);
  }

  /**
   * Writes `items` and the audit record in one transaction. Failure indexes stay those of `items`;
   * a failed condition on the record itself (an id reused) is a bug, and throws.
   */
  private async withAudit(items: readonly TransactItem[], audit: { item: TransactItem; settle: (ok: boolean) => void }): Promise<WriteOutcome> {
    let outcome: WriteOutcome;
    try {
      outcome = await this.transactItems([...items, audit.item]);
    } catch (error) {
      audit.settle(false);
      throw error;
    }
    audit.settle(outcome.ok);
    if (!outcome.ok && outcome.failed.includes(items.length)) throw new Error('The audit record\'s key is already taken.');
    return outcome;
  }

  /** `carry` marks a write that completes a logon (a session), which a logon's record waits for. */
  private async auditRecord(carry: AuditCarry = { as: 'first-write' }): Promise<{ item: TransactItem; settle: (ok: boolean) => void } | undefined> {
    const scope = currentAuditScope();
    if (!scope) return undefined;
    const item = await scope.claim(carry);
    return item ? { item, settle: (ok) => scope.settle(ok) } : undefined;
  }

  /** A transaction as given, never carrying an audit record (the audit trail's own writes use it). */
  async transactItems(items: readonly TransactItem[]): Promise<WriteOutcome> {
    const withTable = items.map((item) => {
      const [op, body] = Object.entries(item)[0] as [string, Record<string, unknown>];
      return { [op]: { ...body, TableName: this.name } };
    }) as NonNullable<TransactWriteCommandInput['TransactItems']>;
    try {
      await this.send(new TransactWriteCommand({ TransactItems: withTable }));
      return { ok: true };
    } catch (error) {
      const e = error as Error & { CancellationReasons?: { Code?: string }[] };
      if (e.name !== 'TransactionCanceledException') throw error;
      const failed = (e.CancellationReasons ?? [])
        .map((r, i) => (r.Code === 'ConditionalCheckFailed' ? i : -1))
        .filter((i) => i >= 0);
      if (failed.length === 0) throw error;
      return { ok: false, failed };
    }
  }

  /** One page of a query; the cursor is checked against the partition being read. */
  async page(
    input: NoTable<QueryCommandInput> & { readonly partition: { attribute: string; value: string } },
    request: PageRequest,
  ): Promise<{ ok: true; page: Page<Item> } | { ok: false }> {
    const cursor = decodeCursor(request.nextToken, input.partition);
    if (!cursor.ok) return { ok: false };
    const { partition: _partition, ...query } = input;
    const items: Item[] = [];
    let start = cursor.key;
    // A filtered or sparse query may return short pages; keep reading until the page is full.
    do {
      const out = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
        new QueryCommand({
          ...query,
          TableName: this.name,
          Limit: request.limit - items.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey as Key | undefined;
    } while (start && items.length < request.limit);
    const nextToken = encodeCursor(start);
    return { ok: true, page: nextToken ? { items, nextToken } : { items } };
  }

  /** One raw page of a query, with how many items DynamoDB read for it (before any filter). */
  async queryPage(input: NoTable<QueryCommandInput>): Promise<{ items: Item[]; lastKey: Key | undefined; scanned: number }> {
    const out = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown>; ScannedCount?: number }>(
      new QueryCommand({ ...input, TableName: this.name }),
    );
    return { items: out.Items ?? [], lastKey: out.LastEvaluatedKey as Key | undefined, scanned: out.ScannedCount ?? out.Items?.length ?? 0 };
  }

  /** Every item of a small, bounded partition (e.g. the two keys of one owner). */
  async all(input: NoTable<QueryCommandInput>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
        new QueryCommand({ ...input, TableName: this.name, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async conditional(write: () => Promise<unknown>): Promise<WriteOutcome> {
    try {
      await write();
      return { ok: true };
    } catch (error) {
      if (isConditionalFailure(error)) return { ok: false, failed: [0] };
      throw error;
    }
  }
}
