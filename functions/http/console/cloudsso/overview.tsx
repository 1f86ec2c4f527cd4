import type { Hono } from 'hono';
import { DIRECTORY_REGIONS } from '../../../../domain/directory/directory';
import type { ConsoleHelpers } from '../app';
import { Card, Csrf, Field, Flash, Select, StatusBadge } from '../components';
import { formText, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { errorsOf, failStatus, must } from './answers';
import { can, type Dir, directoryOf, publicUrl } from './directory';
import { done, noticeOf } from './notices';
import { Heading, Submit } from './parts';
import { ROOT } from './paths';

const DIRECTORY_NAME_ERRORS = { 'InvalidParameter.DirectoryName': 'name', 'EntityAlreadyExists.DirectoryName': 'name' };

/** Not enabled yet: what enabling means, and the form that does it. */
const enablePage = (h: ConsoleHelpers, c: ConsoleContext, values: { name: string; region: string } = { name: '', region: 'cn-shanghai' }, errors: FieldErrors = NO_ERRORS, status = 200) =>
  h.page(
    c,
    'CloudSSO',
    <>
      <Heading title="CloudSSO" />
      <Card title="Enable CloudSSO">
        <p>
          CloudSSO signs your organisation's users in to the member accounts of your resource directory. Enabling it creates the
          account's directory (one per management account); the resource directory must exist first.
        </p>
        <Flash error={errors.form} />
        {can(c, 'cloudsso:CreateDirectory') ? (
          <form method="post" action={`${ROOT}/enable`} aria-label="Enable CloudSSO">
            <Csrf token={c.get('consoleSession').csrfToken} />
            <Select label="Region" name="region" options={DIRECTORY_REGIONS} value={values.region} errors={errors} hint="where the directory's data is kept" />
            <Field label="Directory name" name="name" value={values.name} errors={errors} hint="optional; globally unique, it names the user portal's URL" />
            <Submit>Enable CloudSSO</Submit>
          </form>
        ) : (
          <p class="muted">You may not enable CloudSSO (it needs cloudsso:CreateDirectory).</p>
        )}
      </Card>
    </>,
    status,
  );

const enabledPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, rename: { value: string; errors: FieldErrors; status: number } | undefined = undefined) => {
  const api = c.get('api');
  const [directory, stats, logon] = await Promise.all([
    api('GET', dir.api).then(must),
    api('GET', `${dir.api}/statistics`).then(must),
    api('GET', `${dir.api}/logon-settings`).then(must),
  ]);
  const d = directory.json;
  const s = stats.ok ? stats.json : undefined;
  const portalUrl = logon.ok ? publicUrl(c, logon.json.portalUrl) : undefined;
  const errors = rename?.errors ?? NO_ERRORS;
  return h.page(
    c,
    'CloudSSO',
    <>
      <Heading title="CloudSSO" />
      <Flash notice={rename ? undefined : noticeOf(c)} />
      {!directory.ok && <Flash error={directory.json?.message ?? 'The directory could not be read.'} />}
      {directory.ok && (
        <Card title="Directory">
          <dl>
            <dt>Status</dt>
            <dd>
              <StatusBadge status="Enabled" />
            </dd>
            <dt>Name</dt>
            <dd>{d.name}</dd>
            <dt>Directory ID</dt>
            <dd>
              <code>{d.id}</code>
            </dd>
            <dt>Region</dt>
            <dd>{d.region}</dd>
            <dt>Resource directory</dt>
            <dd>
              <code>{d.resourceDirectoryId}</code>
            </dd>
          </dl>
          {can(c, 'cloudsso:UpdateDirectory') && (
            <form method="post" action={`${ROOT}/directory`} aria-label="Rename the directory">
              <Csrf token={c.get('consoleSession').csrfToken} />
              <Flash error={errors.form} />
              <Field label="New name" name="name" value={rename?.value ?? d.name} errors={errors} hint="2-64 characters; renaming changes the portal URL" required />
              <Submit kind="secondary">Rename</Submit>
            </form>
          )}
        </Card>
      )}
      {portalUrl && (
        <Card title="User portal">
          <p>Users sign in here (give them this URL):</p>
          <p>
            <a href={portalUrl} data-portal-url>
              {portalUrl}
            </a>
          </p>
          <p class="muted">
            Logon method: <strong>{logon.json.method === 'SSO' ? 'SSO' : 'Password'}</strong>. <a href={`${ROOT}/settings`}>Change it in Settings</a>.
          </p>
        </Card>
      )}
      {s && (
        <Card title="At a glance">
          <div class="table-scroll" style="overflow-x:auto">
            <table>
              <caption class="muted">Counts and quotas</caption>
              <thead>
                <tr>
                  <th scope="col">What</th>
                  <th scope="col">Count</th>
                  <th scope="col">Quota</th>
                </tr>
              </thead>
              <tbody>
                {(
                  [
                    ['Users', s.users, `${ROOT}/users`],
                    ['Groups', s.groups, `${ROOT}/groups`],
                    ['Access configurations', s.accessConfigurations, `${ROOT}/access-configurations`],
                    ['SCIM credentials', s.scimCredentials, `${ROOT}/settings#scim`],
                  ] as const
                ).map(([label, v, href]) => (
                  <tr>
                    <th scope="row">
                      <a href={href}>{label}</a>
                    </th>
                    <td>{v.count}</td>
                    <td>{v.quota}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            SSO: <StatusBadge status={s.ssoStatus} /> · SCIM synchronization: <StatusBadge status={s.scimSynchronization} /> · Tasks in progress:{' '}
            <a href={`${ROOT}/tasks?status=InProgress`}>{s.tasksInProgress}</a>
          </p>
        </Card>
      )}
    </>,
    rename?.status ?? 200,
  );
};

/** The CloudSSO overview: enable it, see the directory, hand out the user portal's URL. */
export const registerOverview = (app: Hono<ConsoleEnv>, h: ConsoleHelpers) => {
  app.get(ROOT, async (c) => {
    const found = await directoryOf(c.get('api'));
    if ('dir' in found) return enabledPage(h, c, found.dir);
    if (!found.answer.ok) return h.page(c, 'CloudSSO', <><Heading title="CloudSSO" /><Flash error={found.answer.json?.message} /></>, failStatus(found.answer));
    return enablePage(h, c);
  });

  app.post(`${ROOT}/enable`, async (c) => {
    const values = { name: formText(c, 'name'), region: formText(c, 'region') };
    const res = await c.get('api')('POST', '/api/v1/cloudsso/directories', { region: values.region, ...(values.name ? { name: values.name } : {}) });
    if (res.ok) return done(c, ROOT, 'enabled');
    return enablePage(h, c, values, errorsOf(res, ['name', 'region'], DIRECTORY_NAME_ERRORS), failStatus(res));
  });

  app.post(`${ROOT}/directory`, async (c) => {
    const found = await directoryOf(c.get('api'));
    if (!('dir' in found)) return c.redirect(ROOT, 303);
    const name = formText(c, 'name');
    const res = await c.get('api')('PATCH', found.dir.api, { name });
    if (res.ok) return done(c, ROOT, 'renamed');
    return enabledPage(h, c, found.dir, { value: name, errors: errorsOf(res, ['name'], DIRECTORY_NAME_ERRORS), status: failStatus(res) });
  });
};
