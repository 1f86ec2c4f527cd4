import type { Hono } from 'hono';
import type { ConsoleHelpers } from '../app';
import { DataTable, Card, Csrf, Field, Flash } from '../components';
import { formText, may, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { Details, Wide } from './controls';
import { errorsFor } from './form-errors';
import { isMonth, monthOfDate, shiftMonth } from './month';
import { applicationPage, BILLS, instanceApi, instancePage, INSTANCES, query } from './paths';
import { instanceAbilities, InstanceFrame, loadInstance, noticeOf, refusal, When, type InstanceView } from './shared';

type MonthlyUsage = { month: string; mau: number; newByDay: number[]; applications: { applicationId: string; mau: number }[] };

/** Usage: an instance's monthly active users, by day and by application, and the MAU alert thresholds. */
export const registerUsagePages = (app: Hono<ConsoleEnv>, { page, deps }: ConsoleHelpers) => {
  const base = `${INSTANCES}/:instanceId/usage`;

  const usagePage = async (c: ConsoleContext, thresholdsValue?: string, errors: FieldErrors = NO_ERRORS, status = 200) => {
    const instanceId = c.req.param('instanceId')!;
    const loaded = await loadInstance(c, instanceId);
    if (!loaded.ok) return refusal(page, c, 'Usage', loaded);
    const instance = loaded.json as InstanceView;
    const can = await instanceAbilities(c, instanceId);
    const asked = c.req.query('month');
    const month = isMonth(asked) ? asked : monthOfDate(deps().clock.now());
    const api = c.get('api');
    const [usage, thresholds, apps] = await Promise.all([
      api('GET', instanceApi(instanceId, `/usage${query({ month })}`)),
      api('GET', instanceApi(instanceId, '/usage/thresholds')),
      api('GET', instanceApi(instanceId, '/applications?maxResults=100')),
    ]);
    const names = new Map<string, string>(apps.ok ? (apps.json.applications as { applicationId: string; name: string }[]).map((a) => [a.applicationId, a.name]) : []);
    const here = instancePage(instanceId, '/usage');
    const u = usage.ok ? (usage.json as MonthlyUsage) : undefined;
    let total = 0;
    const days = (u?.newByDay ?? []).map((n, i) => ({ day: `${month}-${String(i + 1).padStart(2, '0')}`, n, toDate: (total += n) })).filter((d) => d.n > 0);
    return page(
      c,
      'Usage',
      <InstanceFrame instance={instance} tab="usage" trail={[['Usage', undefined]]}>
        <Flash notice={noticeOf(c)} error={usage.ok ? undefined : usage.json?.message} />
        <nav aria-label="Months" class="actions">
          <a class="button secondary" href={`${here}${query({ month: shiftMonth(month, -1) })}`}>
            ‹ {shiftMonth(month, -1)}
          </a>
          <strong style="margin-top:1rem">{month}</strong>
          <a class="button secondary" href={`${here}${query({ month: shiftMonth(month, 1) })}`}>
            {shiftMonth(month, 1)} ›
          </a>
          {may(c.get('principal'), 'billing:ListBills') && (
            <a class="button secondary" href={`${BILLS}${query({ month })}`}>
              Bills of {month}
            </a>
          )}
        </nav>
        {u && (
          <>
            <Card title={`Monthly active users, ${month}`}>
              <p>
                <strong style="font-size:1.6rem">{u.mau.toLocaleString('en-US')}</strong> <span class="muted">accounts logged on or refreshed a token this month (UTC), each counted once.</span>
              </p>
              <h3>By application</h3>
              {u.applications.length === 0 ? (
                <p class="muted">No logons this month.</p>
              ) : (
                <Wide>
                  <DataTable columns={['Application', 'MAU']}>
                    {u.applications.map((a) => (
                      <tr>
                        <td>
                          <a href={applicationPage(instanceId, a.applicationId)}>{names.get(a.applicationId) ?? a.applicationId}</a>
                        </td>
                        <td>{a.mau}</td>
                      </tr>
                    ))}
                  </DataTable>
                </Wide>
              )}
              <h3>New active users by day</h3>
              {days.length === 0 ? (
                <p class="muted">None yet.</p>
              ) : (
                <Wide>
                  <DataTable columns={['Day', 'First active that day', 'MAU to date']}>
                    {days.map((d) => (
                      <tr>
                        <td>{d.day}</td>
                        <td>{d.n}</td>
                        <td>{d.toDate}</td>
                      </tr>
                    ))}
                  </DataTable>
                </Wide>
              )}
            </Card>
          </>
        )}
        {thresholds.ok && (
          <section class="card" aria-labelledby="thresholds-heading">
            <h2 id="thresholds-heading">Usage alerts</h2>
            <Details
              rows={[
                ['Thresholds (MAU)', thresholds.json.thresholds.length ? (thresholds.json.thresholds as number[]).join(', ') : 'none: alerts are off'],
                ['Changed', <When iso={thresholds.json.updatedAt} />],
              ]}
            />
            <p class="muted">An alert is raised at 80 % and at 100 % of each threshold.</p>
            {can('idaas:SetUsageThresholds') && (
              <form method="post" action={`${here}/thresholds`}>
                <Csrf token={c.get('consoleSession').csrfToken} />
                <Flash error={errors.form} />
                <Field
                  label="Thresholds"
                  name="thresholds"
                  value={thresholdsValue ?? (thresholds.json.thresholds as number[]).join(', ')}
                  errors={errors}
                  hint="monthly active users, separated by commas; empty turns the alerts off"
                  placeholder="10000, 50000"
                />
                <button type="submit" class="secondary">
                  Save thresholds
                </button>
              </form>
            )}
          </section>
        )}
      </InstanceFrame>,
      status,
    );
  };

  app.get(base, (c) => usagePage(c));

  app.post(`${base}/thresholds`, async (c) => {
    const text = formText(c, 'thresholds');
    const parts = text.split(/[,;\s]+/).filter(Boolean);
    // A part that is no number goes to the API as is, so the API's message names it.
    const answer = await c.get('api')('PUT', instanceApi(c.req.param('instanceId'), '/usage/thresholds'), {
      thresholds: parts.map((p) => (/^\d+(\.\d+)?$/.test(p) ? Number(p) : p)),
    });
    if (!answer.ok) return usagePage(c, text, errorsFor(answer, { thresholds: ['Thresholds'] }), answer.status);
    return c.redirect(`${instancePage(c.req.param('instanceId'), '/usage')}?done=thresholds-saved`, 303);
  });
};
