import type { AccountId, InstanceId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Result } from '../shared/result';
import type { InvalidNextToken } from '../shared/store-outcomes';
import type { BilledInstance, BillLine } from './bill-line';
import type { Statement } from './statement';
import type { MauSnapshot, UsageAlert } from './usage-alert';

/**
 * Every instance ever bought, as billing sees it (edition, price as bought, purchase and release
 * times). Written with the instance's own purchase and release transactions, so no instance is ever
 * missing from a bill run. Store failures are thrown.
 */
export interface BillableInstances {
  /** All of them, in id order: one read per page of a few hundred, however many accounts they have. */
  all(): Promise<readonly BilledInstance[]>;
}

/** A statement as stored by the monthly job: the sum of the month's lines when it ran. */
export type IssuedStatement = Statement & { readonly issuedAt: string };

/**
 * Bill lines (one per instance and UTC day) and monthly statements, per account. Writes overwrite by
 * key, so a re-run job stores the same items again. Store failures are thrown.
 */
export interface BillRepository {
  putLines(lines: readonly BillLine[]): Promise<void>;
  /** The instance's MAU to date on its latest line before `day` in the same month; 0 when there is none. */
  mauBilledBefore(accountId: AccountId, instanceId: InstanceId, day: string): Promise<number>;
  /** The account's lines of a month, by instance then day; `instanceId` narrows to one instance. */
  lines(accountId: AccountId, month: string, filter: { readonly instanceId?: InstanceId | undefined }, page: PageRequest): Promise<Result<Page<BillLine>, InvalidNextToken>>;
  /** Every line of the account's month (the statement's input): bounded by instances × 31. */
  allLines(accountId: AccountId, month: string): Promise<readonly BillLine[]>;
  putStatement(statement: IssuedStatement): Promise<void>;
  getStatement(accountId: AccountId, month: string): Promise<IssuedStatement | undefined>;
  /** The account's issued statements, newest month first. */
  listStatements(accountId: AccountId, page: PageRequest): Promise<Result<Page<IssuedStatement>, InvalidNextToken>>;
}

/** The hourly job's MAU snapshots, per instance and month. Store failures are thrown. */
export interface MauSnapshotRepository {
  put(snapshot: MauSnapshot): Promise<void>;
  /** The month's snapshots of the instance, in hour order. */
  list(instanceId: InstanceId, month: string): Promise<readonly MauSnapshot[]>;
}

/**
 * Which usage alerts were raised. `record` is a put-if-absent: true the first time for its (instance,
 * month, threshold, percent), false ever after, so an alert goes out once however often the job runs.
 */
export interface UsageAlertLog {
  record(alert: UsageAlert): Promise<boolean>;
  /** Undoes `record` when the alert could not be published, so a later run raises it again. */
  forget(alert: UsageAlert): Promise<void>;
}

/** Tells the customer (a topic they subscribe to). Throws when the message could not be handed over. */
export interface UsageAlertPublisher {
  publish(alert: UsageAlert): Promise<void>;
}
