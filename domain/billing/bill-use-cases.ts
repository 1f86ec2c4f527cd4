import type { Action } from '../iam/policies';
import { authorize, type Forbidden, type Principal } from '../iam/principal';
import { parseMonth, type InvalidMonth } from '../metering/activity-period';
import type { Clock } from '../shared/clock';
import type { InstanceId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { ok, type Result } from '../shared/result';
import type { InvalidNextToken } from '../shared/store-outcomes';
import type { BillLine } from './bill-line';
import type { BillRepository, IssuedStatement } from './ports';
import { monthlyStatement, type Statement } from './statement';
import { statementCsv } from './statement-csv';

/**
 * The bill API's use cases: an account's bills are the account's, read by its owner or an
 * administrator holding a billing policy (AliyunBSSReadOnlyAccess); instance roles do not reach them.
 */
export type BillPorts = { readonly bills: BillRepository; readonly clock: Clock };

/**
 * A month's statement: `Issued` once the monthly job has run (its figures final), otherwise `Open`,
 * summed from the lines written so far (the current month, or one whose job has not run yet).
 */
export type StatementView = Statement & ({ readonly status: 'Issued'; readonly issuedAt: string } | { readonly status: 'Open' });

const allowed = (principal: Principal, action: Action): Result<void, Forbidden> => authorize(principal, action);

/** The daily bill lines of a month, by instance then day; optionally one instance's. */
export const listBillLines = async (
  ports: BillPorts,
  principal: Principal,
  query: { readonly month: string; readonly instanceId?: string | undefined },
  page: PageRequest,
): Promise<Result<Page<BillLine>, Forbidden | InvalidMonth | InvalidNextToken>> => {
  const month = parseMonth(query.month);
  if (!month.ok) return month;
  const may = allowed(principal, 'billing:ListBills');
  if (!may.ok) return may;
  return ports.bills.lines(principal.accountId, month.value, { instanceId: query.instanceId as InstanceId | undefined }, page);
};

const statementOf = async (ports: BillPorts, principal: Principal, month: string): Promise<StatementView> => {
  const issued: IssuedStatement | undefined = await ports.bills.getStatement(principal.accountId, month);
  if (issued) return { ...issued, status: 'Issued' };
  return { ...monthlyStatement(principal.accountId, month, await ports.bills.allLines(principal.accountId, month)), status: 'Open' };
};

export const getStatement = async (ports: BillPorts, principal: Principal, month: string): Promise<Result<StatementView, Forbidden | InvalidMonth>> => {
  const parsed = parseMonth(month);
  if (!parsed.ok) return parsed;
  const may = allowed(principal, 'billing:GetStatement');
  if (!may.ok) return may;
  return ok(await statementOf(ports, principal, parsed.value));
};

/** The issued statements, newest month first. */
export const listStatements = async (
  ports: BillPorts,
  principal: Principal,
  page: PageRequest,
): Promise<Result<Page<IssuedStatement>, Forbidden | InvalidNextToken>> => {
  const may = allowed(principal, 'billing:ListStatements');
  if (!may.ok) return may;
  return ports.bills.listStatements(principal.accountId, page);
};

/** The month's statement as CSV (RFC 4180), issued or open, with the file name a download should get. */
export const exportStatementCsv = async (
  ports: BillPorts,
  principal: Principal,
  month: string,
): Promise<Result<{ readonly fileName: string; readonly csv: string; readonly status: StatementView['status'] }, Forbidden | InvalidMonth>> => {
  const parsed = parseMonth(month);
  if (!parsed.ok) return parsed;
  const may = allowed(principal, 'billing:ExportStatement');
  if (!may.ok) return may;
  const statement = await statementOf(ports, principal, parsed.value);
  return ok({ fileName: `atrium-statement-${principal.accountId}-${parsed.value}.csv`, csv: statementCsv(statement), status: statement.status });
};
