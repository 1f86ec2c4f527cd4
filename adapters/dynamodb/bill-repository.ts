import type { BillLine } from '../../domain/billing/bill-line';
import type { BillRepository, IssuedStatement } from '../../domain/billing/ports';
import type { AccountId, InstanceId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import { invalidNextToken, type InvalidNextToken } from '../../domain/shared/store-outcomes';
import { decodeCursor } from './cursor';
import { billLineKey, billLinesPk, statementKey, statementsPk } from './keys';
import type { Item, Table } from './table';

const lineItem = (line: BillLine): Item => ({ ...billLineKey(line.accountId, line.day.slice(0, 7), line.instanceId, line.day), kind: 'BillLine', ...line });
const lineFromItem = ({ pk: _pk, sk: _sk, kind: _kind, ...line }: Item): BillLine => line as BillLine;
const statementFromItem = ({ pk: _pk, sk: _sk, kind: _kind, ...statement }: Item): IssuedStatement => statement as IssuedStatement;

/**
 * BILL#<accountId>#<month> / <instanceId>#<day>: an account's month is one partition, sorted by
 * instance then day, so one instance's month is a key range and the statement one Query.
 * STMT#<accountId> / <month>: the statements, newest first.
 */
export class DynamoBillRepository implements BillRepository {
  constructor(private readonly table: Table) {}

  async putLines(lines: readonly BillLine[]): Promise<void> {
    await this.table.putMany(lines.map(lineItem));
  }

  async mauBilledBefore(accountId: AccountId, instanceId: InstanceId, day: string): Promise<number> {
    const month = day.slice(0, 7);
    const items = await this.table.all({
      // BETWEEN is inclusive: newest first, at most the day's own line and the one before it.
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :before',
      ExpressionAttributeValues: { ':pk': billLinesPk(accountId, month), ':first': `${instanceId}#${month}-01`, ':before': `${instanceId}#${day}` },
      ScanIndexForward: false,
      Limit: 2,
      ConsistentRead: true,
    });
    const previous = items.map(lineFromItem).find((l) => l.day < day);
    return previous?.mauToDate ?? 0;
  }

  async lines(
    accountId: AccountId,
    month: string,
    filter: { readonly instanceId?: InstanceId | undefined },
    request: PageRequest,
  ): Promise<Result<Page<BillLine>, InvalidNextToken>> {
    const pk = billLinesPk(accountId, month);
    const prefix = filter.instanceId === undefined ? undefined : `${filter.instanceId}#`;
    // A cursor of the whole month's listing would start one instance's range outside its bounds.
    if (prefix !== undefined && request.nextToken) {
      const cursor = decodeCursor(request.nextToken, { attribute: 'pk', value: pk });
      if (!cursor.ok || !cursor.key?.sk?.startsWith(prefix)) return err(invalidNextToken());
    }
    const out = await this.table.page(
      {
        KeyConditionExpression: prefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :instance)',
        ExpressionAttributeValues: { ':pk': pk, ...(prefix === undefined ? {} : { ':instance': prefix }) },
        ConsistentRead: true,
        partition: { attribute: 'pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(lineFromItem) }) : err(invalidNextToken());
  }

  async allLines(accountId: AccountId, month: string): Promise<readonly BillLine[]> {
    const items = await this.table.all({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': billLinesPk(accountId, month) }, ConsistentRead: true });
    return items.map(lineFromItem);
  }

  async putStatement(statement: IssuedStatement): Promise<void> {
    await this.table.put({ Item: { ...statementKey(statement.accountId, statement.month), kind: 'Statement', ...statement } });
  }

  async getStatement(accountId: AccountId, month: string): Promise<IssuedStatement | undefined> {
    const item = await this.table.get(statementKey(accountId, month));
    return item ? statementFromItem(item) : undefined;
  }

  async listStatements(accountId: AccountId, request: PageRequest): Promise<Result<Page<IssuedStatement>, InvalidNextToken>> {
    const pk = statementsPk(accountId);
    const out = await this.table.page(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: false, ConsistentRead: true, partition: { attribute: 'pk', value: pk } },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(statementFromItem) }) : err(invalidNextToken());
  }
}
