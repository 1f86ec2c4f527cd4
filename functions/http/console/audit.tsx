import type { ConsoleModule } from './app';
import { DataTable, Card, Flash, Pager } from './components';
import type { ConsoleContext } from './env';
import { fieldErrorsOf } from './field-errors';

type Event = {
  id: string;
  time: string;
  actor: { type: string; id?: string; name?: string; authenticatedBy: string; credentialId?: string };
  source: { ip: string; userAgent?: string };
  channel: string;
  action: string;
  resources: { type: string; id: string }[];
  result: string;
  errorCode?: string;
  requestId: string;
};

const FILTERS = ['from', 'to', 'actor', 'action', 'resource', 'result', 'sourceIp'] as const;

/** The trails this principal might read: the account's, its directory's, its instances'. */
const trailsOf = async (c: ConsoleContext): Promise<{ value: string; label: string; path: string }[]> => {
  const api = c.get('api');
  const principal = c.get('principal');
  const trails = [{ value: 'account', label: `Account ${principal.accountId}`, path: '/api/v1/account' }];
  const sso = await api('GET', '/api/v1/cloudsso/service');
  if (sso.ok && sso.json.directoryId) trails.push({ value: `directory:${sso.json.directoryId}`, label: `CloudSSO directory ${sso.json.directoryId}`, path: `/api/v1/cloudsso/directories/${sso.json.directoryId}` });
  const instances = await api('GET', '/api/v1/ciam/instances?maxResults=100');
  if (instances.ok) {
    for (const i of instances.json.instances as { instanceId: string; description?: string }[]) {
      trails.push({ value: `instance:${i.instanceId}`, label: `CIAM instance ${i.description ? `${i.description} (${i.instanceId})` : i.instanceId}`, path: `/api/v1/ciam/instances/${i.instanceId}` });
    }
  }
  return trails;
};

const filtersOf = (c: ConsoleContext): Record<string, string> =>
  Object.fromEntries(FILTERS.map((f) => [f, c.req.query(f)?.trim() ?? '']).filter(([, v]) => v !== ''));

/** datetime-local gives `2026-11-24T05:00`; the API takes ISO 8601 with a zone: the console works in UTC. */
const asIso = (v: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00Z` : v);

const apiQuery = (filters: Record<string, string>) =>
  Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, k === 'from' || k === 'to' ? asIso(v) : v]));

/**
 * The audit trails in the console: who did what, from where, and how it ended; filters and paging
 * as the API has them, and the export as a download.
 */
export const auditConsole: ConsoleModule = {
  nav: () => ({ title: 'Audit', links: [{ href: '/console/audit', label: 'Audit trail' }] }),
  register: (app, { page }) => {
    app.get('/console/audit', async (c) => {
      const trails = await trailsOf(c);
      const chosen = trails.find((t) => t.value === c.req.query('trail')) ?? trails.find((t) => t.value.startsWith('directory:')) ?? trails[0]!;
      const filters = filtersOf(c);
      const nextToken = c.req.query('nextToken');
      const answer = await c.get('api')('GET', `${chosen.path}/audit-events?${new URLSearchParams({ ...apiQuery(filters), maxResults: '50', ...(nextToken ? { nextToken } : {}) })}`);
      const errors = answer.ok ? undefined : fieldErrorsOf(answer, [...FILTERS]);
      const events = (answer.ok ? answer.json.events : []) as Event[];
      const exportQuery = new URLSearchParams({ trail: chosen.value, ...filters });
      return page(
        c,
        'Audit trail',
        <>
          <h1>Audit trail</h1>
          <Card>
            <form method="get" action="/console/audit">
              <label for="trail">Trail</label>
              <select id="trail" name="trail">
                {trails.map((t) => (
                  <option value={t.value} selected={t.value === chosen.value}>
                    {t.label}
                  </option>
                ))}
              </select>
              <div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:0 1rem">
                {(
                  [
                    ['from', 'From (UTC)', 'datetime-local'],
                    ['to', 'To (UTC)', 'datetime-local'],
                    ['actor', 'Actor (id or name)', 'text'],
                    ['action', 'Action (e.g. portal: or cloudsso:Create*)', 'text'],
                    ['resource', 'Resource id', 'text'],
                    ['sourceIp', 'Source IP', 'text'],
                  ] as const
                ).map(([name, label, type]) => (
                  <div>
                    <label for={`f-${name}`}>{label}</label>
                    <input id={`f-${name}`} name={name} type={type} value={filters[name] ?? ''} aria-invalid={errors?.fields[name] ? 'true' : undefined} />
                    {errors?.fields[name] && <p class="field-error">{errors.fields[name]}</p>}
                  </div>
                ))}
                <div>
                  <label for="f-result">Result</label>
                  <select id="f-result" name="result">
                    {['', 'Success', 'Failure'].map((r) => (
                      <option value={r} selected={(filters.result ?? '') === r}>
                        {r || 'Any'}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <div class="actions">
                <button type="submit">Search</button>
                <a class="button secondary" href={`/console/audit/export?${exportQuery}&format=csv`}>
                  Export CSV
                </a>
                <a class="button secondary" href={`/console/audit/export?${exportQuery}&format=jsonl`}>
                  Export JSON lines
                </a>
              </div>
            </form>
          </Card>
          <Flash error={errors?.form} />
          {answer.ok && (
            <Card title={`${events.length} event(s)${answer.json.nextToken ? ' on this page' : ''}`}>
              <DataTable columns={['Time (UTC)', 'Action', 'Result', 'Actor', 'Source', 'Resources']}>
                {events.map((e) => (
                  <tr>
                    <td>
                      <time datetime={e.time}>{e.time.replace('T', ' ').slice(0, 19)}</time>
                    </td>
                    <td>
                      <code>{e.action}</code>
                      <div class="muted">{e.channel}</div>
                    </td>
                    <td>
                      <span class={`badge ${e.result === 'Success' ? 'ok' : 'bad'}`}>{e.result}</span>
                      {e.errorCode && <div class="muted">{e.errorCode}</div>}
                    </td>
                    <td>
                      {e.actor.name ?? e.actor.id ?? e.actor.type}
                      <div class="muted">
                        {e.actor.type} · {e.actor.authenticatedBy}
                        {e.actor.credentialId ? ` · ${e.actor.credentialId}` : ''}
                      </div>
                    </td>
                    <td>
                      {e.source.ip}
                      {e.source.userAgent && <div class="muted">{e.source.userAgent.slice(0, 60)}</div>}
                    </td>
                    <td>
                      {e.resources.map((r) => (
                        <div>
                          <span class="muted">{r.type}</span> <code>{r.id}</code>
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </DataTable>
              <Pager path="/console/audit" nextToken={answer.json.nextToken} query={{ trail: chosen.value, ...filters }} />
            </Card>
          )}
        </>,
        answer.ok ? 200 : answer.status,
      );
    });

    app.get('/console/audit/export', async (c) => {
      const trail = (await trailsOf(c)).find((t) => t.value === c.req.query('trail'));
      if (!trail) return c.text('No such trail.', 404);
      const format = c.req.query('format') === 'csv' ? 'csv' : 'jsonl';
      const nextToken = c.req.query('nextToken');
      const answer = await c.get('api')('GET', `${trail.path}/audit-events:export?${new URLSearchParams({ ...apiQuery(filtersOf(c)), format, ...(nextToken ? { nextToken } : {}) })}`);
      if (!answer.ok) return c.text(answer.json?.message ?? 'The export failed.', answer.status as 400);
      const next = answer.headers.get('x-next-token');
      return c.body(answer.text, 200, {
        'content-type': answer.headers.get('content-type') ?? 'text/plain',
        'content-disposition': `attachment; filename="audit-${trail.value.replace(':', '-')}.${format}"`,
        ...(next ? { 'X-Next-Token': next } : {}),
      });
    });
  },
};
