import { formatUsd, sumMicros } from './money';
import type { Statement } from './statement';
import { csvRow as row, csvText } from '../shared/csv';

/**
 * A month's statement as CSV (RFC 4180): a header row, one row per instance, then a TOTAL row; CRLF
 * line ends. Amounts are USD to 2 decimals, each rounded half up from its exact micro-USD sum; with
 * sub-cent prices the rounded rows may differ from the rounded total by a cent, and the total is the
 * one billed.
 */
export const STATEMENT_CSV_HEADER = [
  'account_id',
  'month',
  'instance_id',
  'edition',
  'billed_hours',
  'edition_fee_usd',
  'mau',
  'mau_charge_usd',
  'total_usd',
] as const;

export const statementCsv = (statement: Statement): string => {
  const account = csvText(statement.accountId);
  const month = csvText(statement.month);
  const lines = statement.instances.map((i) =>
    row([
      account,
      month,
      csvText(i.instanceId),
      csvText(i.edition),
      String(i.billedHours),
      formatUsd(i.editionFee),
      String(i.mau),
      formatUsd(i.mauCharge),
      formatUsd(i.total),
    ]),
  );
  const total = row([
    account,
    month,
    'TOTAL',
    '',
    String(statement.instances.reduce((hours, i) => hours + i.billedHours, 0)),
    formatUsd(sumMicros(statement.instances.map((i) => i.editionFee))),
    '',
    formatUsd(sumMicros(statement.instances.map((i) => i.mauCharge))),
    formatUsd(statement.total),
  ]);
  return row(STATEMENT_CSV_HEADER) + lines.join('') + total;
};
