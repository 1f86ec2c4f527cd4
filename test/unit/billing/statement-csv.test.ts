import { describe, expect, it } from 'vitest';
import type { Statement } from '../../../domain/billing/statement';
import { statementCsv } from '../../../domain/billing/statement-csv';
import { csvText } from '../../../domain/shared/csv';
import type { AccountId, InstanceId } from '../../../domain/shared/ids';

const statement: Statement = {
  accountId: '1234567890123456' as AccountId,
  month: '2024-03',
  currency: 'USD',
  instances: [
    {
      instanceId: 'idaas_a' as InstanceId,
      edition: 'Ultimate',
      billedHours: 244,
      editionFee: 10_248_000_000,
      mau: 1_100,
      mauCharge: 264_000_000,
      total: 10_512_000_000,
    },
    {
      instanceId: 'idaas_b' as InstanceId,
      edition: 'Basic',
      billedHours: 744,
      editionFee: 2_232_000_000,
      mau: 62_000,
      mauCharge: 14_400_000_000,
      total: 16_632_000_000,
    },
  ],
  total: 27_144_000_000,
};

describe('statementCsv', () => {
  it('writes a header, one row per instance and a total row, with CRLF line ends', () => {
    expect(statementCsv(statement)).toBe(
      'account_id,month,instance_id,edition,billed_hours,edition_fee_usd,mau,mau_charge_usd,total_usd\r\n' +
        '1234567890123456,2024-03,idaas_a,Ultimate,244,10248.00,1100,264.00,10512.00\r\n' +
        '1234567890123456,2024-03,idaas_b,Basic,744,2232.00,62000,14400.00,16632.00\r\n' +
        '1234567890123456,2024-03,TOTAL,,988,12480.00,,14664.00,27144.00\r\n',
    );
  });

  it('writes only the header and a zero total for an empty month', () => {
    const rows = statementCsv({ ...statement, instances: [], total: 0 }).split('\r\n');
    expect(rows).toEqual([
      'account_id,month,instance_id,edition,billed_hours,edition_fee_usd,mau,mau_charge_usd,total_usd',
      '1234567890123456,2024-03,TOTAL,,0,0.00,,0.00,0.00',
      '',
    ]);
  });

  it('rounds amounts half up to the cent, each from its exact sum', () => {
    const csv = statementCsv({
      ...statement,
      instances: [{ instanceId: 'idaas_c' as InstanceId, edition: 'Basic', billedHours: 1, editionFee: 5_000, mau: 1, mauCharge: 4_999, total: 9_999 }],
      total: 9_999,
    });
    expect(csv.split('\r\n')[1]).toBe('1234567890123456,2024-03,idaas_c,Basic,1,0.01,1,0.00,0.01');
  });

  it('escapes and guards the text fields of a row', () => {
    const csv = statementCsv({ ...statement, accountId: '=cmd|"/c calc"!A1' as AccountId, instances: [{ ...statement.instances[0]!, instanceId: 'a,b' as InstanceId }] });
    expect(csv.split('\r\n')[1]).toBe(`"'=cmd|""/c calc""!A1",2024-03,"a,b",Ultimate,244,10248.00,1100,264.00,10512.00`);
  });
});

describe('csvText (RFC 4180 quoting, formula-injection guard)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line\r\nbreak', '"line\r\nbreak"'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a=b', 'a=b'],
    ['idaas_a-b', 'idaas_a-b'],
  ])('%j → %j', (value, field) => {
    expect(csvText(value)).toBe(field);
  });
});
