import type { Hono } from 'hono';
import type { ConsoleHelpers } from '../app';
import { DataTable, Card, Flash, Pager } from '../components';
import type { ConsoleEnv } from '../env';
import { isMonth, monthOfDate, shiftMonth } from './month';
import { Wide } from './controls';
import { BILLS, instancePage, query } from './paths';
import { When } from './shared';

type Statement = {
  month: string;
  currency: string;
  status: 'Issued' | 'Open';
  issuedAt?: string;
  instances: { instanceId: string; edition: string; billedHours: number; editionFee: string; mau: number; mauCharge: string; total: string }[];
  total: string;
};
type BillLine = { instanceId: string; day: string; edition: string; hourlyFee: string; billedHours: number; editionFee: string; mauToDate: number; newMau: number; mauCharge: string; total: string };

/** Usage and bills: a month's statement (open while the month runs), its daily lines, and issued statements. */
export const registerBillPages = (app: Hono<ConsoleEnv>, { page, deps }: ConsoleHelpers) => {
  app.get(BILLS, async (c) => {
    const asked = c.req.query('month');
    const month = isMonth(asked) ? asked : monthOfDate(deps().clock.now());
    const nextToken = c.req.query('nextToken');
    const api = c.get('api');
    const [statement, lines, issued] = await Promise.all([
      api('GET', `/api/v1/ciam/statements/${encodeURIComponent(month)}`),
      api('GET', `/api/v1/ciam/bills${query({ month, maxResults: 50, nextToken })}`),
      api('GET', '/api/v1/ciam/statements?maxResults=12'),
    ]);
    if (!statement.ok) {
      return page(c, 'Bills', <><h1>Usage and bills</h1><Flash error={statement.json?.message ?? `The request failed (HTTP ${statement.status}).`} /></>, statement.status);
    }
    const s = statement.json as Statement;
    return page(
      c,
      `Bills ${month}`,
      <>
        <h1>Usage and bills</h1>
        <nav aria-label="Months" class="actions">
          <a class="button secondary" href={`${BILLS}${query({ month: shiftMonth(month, -1) })}`}>
            ‹ {shiftMonth(month, -1)}
          </a>
          <strong style="margin-top:1rem">{month}</strong>
          <a class="button secondary" href={`${BILLS}${query({ month: shiftMonth(month, 1) })}`}>
            {shiftMonth(month, 1)} ›
          </a>
        </nav>
        <section class="card" aria-labelledby="statement-heading" style="margin-top:1rem">
          <h2 id="statement-heading">
            Statement {s.month}: <span class={`badge ${s.status === 'Issued' ? 'ok' : 'busy'}`}>{s.status}</span>
          </h2>
          <p class="muted">
            {s.status === 'Issued' ? (
              <>
                Issued <When iso={s.issuedAt} />.
              </>
            ) : (
              'Open: summed from the daily bill lines written so far; issued after the month ends.'
            )}
          </p>
          {s.instances.length === 0 ? (
            <p class="muted">Nothing billed in {s.month} yet.</p>
          ) : (
            <Wide>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Instance</th>
                    <th scope="col">Edition</th>
                    <th scope="col">Hours</th>
                    <th scope="col">Edition fee</th>
                    <th scope="col">MAU</th>
                    <th scope="col">MAU charge</th>
                    <th scope="col">Total ({s.currency})</th>
                  </tr>
                </thead>
                <tbody>
                  {s.instances.map((i) => (
                    <tr>
                      <td>
                        <a href={instancePage(i.instanceId)}>
                          <code>{i.instanceId}</code>
                        </a>
                      </td>
                      <td>{i.edition}</td>
                      <td>{i.billedHours}</td>
                      <td>{i.editionFee}</td>
                      <td>{i.mau}</td>
                      <td>{i.mauCharge}</td>
                      <td>{i.total}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colspan={6}>
                      Total
                    </th>
                    <td>
                      <strong>
                        {s.currency} {s.total}
                      </strong>
                    </td>
                  </tr>
                </tfoot>
              </table>
            </Wide>
          )}
          <p class="actions">
            <a class="button secondary" href={`${BILLS}/${encodeURIComponent(month)}/csv`} download={`atrium-ciam-${month}.csv`}>
              Download CSV
            </a>
          </p>
        </section>
        <section class="card" aria-labelledby="lines-heading">
          <h2 id="lines-heading">Daily bill lines</h2>
          {!lines.ok ? (
            <Flash error={lines.json?.message} />
          ) : lines.json.bills.length === 0 ? (
            <p class="muted">No daily lines for {month} yet: the daily job bills each day after it ends.</p>
          ) : (
            <Wide>
              <DataTable columns={['Day', 'Instance', 'Edition', 'Hours \u00d7 fee', 'Edition fee', 'New MAU', 'MAU to date', 'MAU charge', 'Total']}>
                {(lines.json.bills as BillLine[]).map((l) => (
                  <tr>
                    <td>{l.day}</td>
                    <td>
                      <code>{l.instanceId}</code>
                    </td>
                    <td>{l.edition}</td>
                    <td>
                      {l.billedHours} × {l.hourlyFee}
                    </td>
                    <td>{l.editionFee}</td>
                    <td>{l.newMau}</td>
                    <td>{l.mauToDate}</td>
                    <td>{l.mauCharge}</td>
                    <td>{l.total}</td>
                  </tr>
                ))}
              </DataTable>
            </Wide>
          )}
          {lines.ok && <Pager path={BILLS} nextToken={lines.json.nextToken} query={{ month }} />}
        </section>
        {issued.ok && (
          <Card title="Issued statements">
            {issued.json.statements.length === 0 ? (
              <p class="muted">No month has been closed yet.</p>
            ) : (
              <ul>
                {(issued.json.statements as Statement[]).map((st) => (
                  <li>
                    <a href={`${BILLS}${query({ month: st.month })}`}>{st.month}</a>: {st.currency} {st.total}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}
      </>,
    );
  });

  // The API's CSV, passed through so a browser can download it with the console's session.
  app.get(`${BILLS}/:month/csv`, async (c) => {
    const month = c.req.param('month');
    const answer = await c.get('api')('GET', `/api/v1/ciam/statements/${encodeURIComponent(month)}/csv`);
    if (!answer.ok) return page(c, 'Bills', <Flash error={answer.json?.message ?? `The request failed (HTTP ${answer.status}).`} />, answer.status);
    return c.body(answer.text, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="atrium-ciam-${isMonth(month) ? month : 'statement'}.csv"`,
    });
  });
};
