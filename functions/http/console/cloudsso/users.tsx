import type { Hono } from 'hono';
import type { Action } from '../../../../domain/iam/policies';
import type { ConsoleHelpers } from '../app';
import { DataTable, Card, Csrf, Field, Flash, Pager, SecretOnce, Select, StatusBadge } from '../components';
import { formText, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { errorsOf, failStatus, must, refusal } from './answers';
import { can, type Dir, inDirectory } from './directory';
import { namesFor } from './names';
import { done, noticeOf } from './notices';
import { Check, Heading, Submit, When } from './parts';
import { PAGE_SIZE, param, qs, ROOT, seg } from './paths';

const USERS = `${ROOT}/users`;
const PROFILE = ['userName', 'displayName', 'firstName', 'lastName', 'email', 'description'] as const;
type Profile = Record<(typeof PROFILE)[number], string>;
const PROFILE_ERRORS = { 'EntityAlreadyExists.User': 'userName', 'EntityAlreadyExists.UserEmail': 'email' };

const profileOf = (c: ConsoleContext): Profile => Object.fromEntries(PROFILE.map((f) => [f, formText(c, f)])) as Profile;
/** The API refuses empty strings: a field left empty is not sent. */
const nonEmpty = (p: Partial<Profile>) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== '' && v !== undefined));

const ProfileFields = (props: { values: Partial<Profile>; errors: FieldErrors }) => (
  <>
    <Field label="User name" name="userName" value={props.values.userName} errors={props.errors} required hint="letters, digits, @ _ . - (at most 64)" />
    <Field label="Display name" name="displayName" value={props.values.displayName} errors={props.errors} />
    <Field label="First name" name="firstName" value={props.values.firstName} errors={props.errors} />
    <Field label="Last name" name="lastName" value={props.values.lastName} errors={props.errors} />
    <Field label="Email" name="email" type="email" value={props.values.email} errors={props.errors} />
    <Field label="Description" name="description" value={props.values.description} errors={props.errors} />
  </>
);

type ListFailure = { values: Profile & { status: string }; errors: FieldErrors; status: number };

const listPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, failure?: ListFailure) => {
  const prefix = c.req.query('prefix') ?? '';
  const status = c.req.query('status') ?? '';
  const nextToken = c.req.query('nextToken');
  const list = must(
    await c.get('api')('GET', `${dir.api}/users${qs({ maxResults: PAGE_SIZE, userNamePrefix: prefix || undefined, status: status || undefined, nextToken })}`),
  );
  const errors = failure?.errors ?? NO_ERRORS;
  return h.page(
    c,
    'Users',
    <>
      <Heading title="Users" trail={[{ href: ROOT, label: 'CloudSSO' }]} />
      {/* A refused create shows its reason here when the form itself is not shown. */}
      <Flash notice={failure ? undefined : noticeOf(c)} error={failure && !can(c, 'cloudsso:CreateUser') ? errors.form : undefined} />
      <Card title="Find users">
        <form method="get" action={USERS} class="actions" role="search" aria-label="Filter users">
          <div>
            <label for="f-prefix">User name starts with</label>
            <input id="f-prefix" name="prefix" type="text" value={prefix} />
          </div>
          <div>
            <label for="f-filter-status">Status</label>
            <select id="f-filter-status" name="status">
              {['', 'Enabled', 'Disabled'].map((s) => (
                <option value={s} selected={s === status}>
                  {s || 'Any'}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            Filter
          </button>
        </form>
      </Card>
      <Card title="Users">
        {list.ok ? (
          list.json.users.length ? (
            <DataTable columns={['User name', 'Display name', 'Email', 'Status', 'Source']}>
              {list.json.users.map((u: any) => (
                <tr>
                  <td>
                    <a href={`${USERS}/${seg(u.id)}`}>{u.userName}</a>
                  </td>
                  <td>{u.displayName ?? ''}</td>
                  <td>{u.email ?? ''}</td>
                  <td>
                    <StatusBadge status={u.status} />
                  </td>
                  <td>{u.provisionType === 'Synchronized' ? 'SCIM' : 'Manual'}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p class="muted">No users{prefix || status ? ' match' : ' yet'}.</p>
          )
        ) : (
          <Flash error={list.json?.message} />
        )}
        <Pager path={USERS} nextToken={list.json?.nextToken} query={{ ...(prefix ? { prefix } : {}), ...(status ? { status } : {}) }} />
      </Card>
      {can(c, 'cloudsso:CreateUser') && (
        <Card title="Create a user">
          <form method="post" action={USERS} aria-label="Create a user">
            <Csrf token={c.get('consoleSession').csrfToken} />
            <Flash error={errors.form} />
            <ProfileFields values={failure?.values ?? {}} errors={errors} />
            <Select label="Status" name="status" options={['Enabled', 'Disabled']} value={failure?.values.status ?? 'Enabled'} />
            <Submit>Create user</Submit>
          </form>
        </Card>
      )}
    </>,
    failure?.status ?? 200,
  );
};

/** The permission each form on the page needs: without it the form is hidden and its error shows at the top. */
const FORM_ACTIONS: Record<Exclude<DetailFailure['form'], 'other'>, Action> = { profile: 'cloudsso:UpdateUser', password: 'cloudsso:ResetUserPassword' };

type DetailFailure = { form: 'profile' | 'password' | 'other'; values?: Partial<Profile>; errors: FieldErrors; status: number };

const detailPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, userId: string, failure?: DetailFailure) => {
  const api = c.get('api');
  const path = `${dir.api}/users/${seg(userId)}`;
  const user = must(await api('GET', path));
  if (!user.ok) {
    return h.page(c, 'User', <><Heading title="User" trail={[{ href: ROOT, label: 'CloudSSO' }, { href: USERS, label: 'Users' }]} /><Flash error={user.json?.message} /></>, user.status);
  }
  const u = user.json;
  const groupsToken = c.req.query('nextToken'); // the one paged list on this page
  const [devices, groups, assignments] = await Promise.all([
    api('GET', `${path}/mfa-devices`).then(must),
    api('GET', `${path}/groups${qs({ maxResults: PAGE_SIZE, nextToken: groupsToken })}`).then(must),
    api('GET', `${dir.api}/access-assignments${qs({ principalType: 'User', principalId: userId, maxResults: PAGE_SIZE })}`).then(must),
  ]);
  const names = namesFor(api, dir);
  const assigned = assignments.ok
    ? await Promise.all(
        (assignments.json.accessAssignments as any[]).map(async (a) => ({ ...a, acName: await names.accessConfiguration(a.accessConfigurationId), targetName: a.targetType === 'RD-Account' ? await names.account(a.targetId) : undefined })),
      )
    : [];
  const here = `${USERS}/${seg(userId)}`;
  const csrf = c.get('consoleSession').csrfToken;
  const errorFor = (form: DetailFailure['form']) => (failure?.form === form ? failure.errors : NO_ERRORS);
  const synchronized = u.provisionType === 'Synchronized';
  return h.page(
    c,
    `User ${u.userName}`,
    <>
      <Heading title={u.userName} trail={[{ href: ROOT, label: 'CloudSSO' }, { href: USERS, label: 'Users' }]}>
        <p>
          <StatusBadge status={u.status} /> <span class="muted">{synchronized ? 'Synchronized by SCIM' : 'Created manually'} · ID <code>{u.id}</code></span>
        </p>
      </Heading>
      <Flash notice={failure ? undefined : noticeOf(c)} error={failure && (failure.form === 'other' || !can(c, FORM_ACTIONS[failure.form])) ? failure.errors.form : undefined} />
      <Card title="Profile">
        {can(c, 'cloudsso:UpdateUser') ? (
          <form method="post" action={here} aria-label="Edit the user">
            <Csrf token={csrf} />
            {synchronized && <p class="muted">While SCIM synchronization is on, the identity provider owns this user's attributes.</p>}
            <Flash error={errorFor('profile').form} />
            <ProfileFields values={failure?.form === 'profile' && failure.values ? failure.values : u} errors={errorFor('profile')} />
            <Submit>Save</Submit>
          </form>
        ) : (
          <dl>
            {PROFILE.map((f) => (
              <>
                <dt>{f}</dt>
                <dd>{u[f] ?? ''}</dd>
              </>
            ))}
          </dl>
        )}
      </Card>
      {can(c, 'cloudsso:UpdateUserStatus') && (
        <Card title="Status">
          <form method="post" action={`${here}/status`} aria-label={u.status === 'Enabled' ? 'Disable the user' : 'Enable the user'}>
            <Csrf token={csrf} />
            <input type="hidden" name="status" value={u.status === 'Enabled' ? 'Disabled' : 'Enabled'} />
            <p class="muted">{u.status === 'Enabled' ? 'A disabled user cannot sign in to the portal; their assignments stay.' : 'The user cannot sign in until enabled.'}</p>
            {u.status === 'Enabled' ? <Submit kind="danger">Disable user</Submit> : <Submit>Enable user</Submit>}
          </form>
        </Card>
      )}
      {can(c, 'cloudsso:ResetUserPassword') && (
        <Card title="Password">
          <form method="post" action={`${here}/password`} aria-label="Reset the password">
            <Csrf token={csrf} />
            <Flash error={errorFor('password').form} />
            <Field
              label="New password"
              name="password"
              type="password"
              autocomplete="new-password"
              errors={errorFor('password')}
              hint="leave empty to generate one (shown once)"
            />
            <Check label="The user must change it at the next logon" name="mustChange" checked={true} />
            <Submit>Reset password</Submit>
          </form>
        </Card>
      )}
      <Card title="MFA devices">
        {devices.ok ? (
          devices.json.devices.length ? (
            <DataTable columns={['Name', 'Type', 'Added']} actions={can(c, 'cloudsso:DeleteMFADeviceForUser')}>
              {devices.json.devices.map((d: any) => (
                <tr>
                  <td>{d.name}</td>
                  <td>{d.type}</td>
                  <td>
                    <When at={d.createdAt} />
                  </td>
                  {can(c, 'cloudsso:DeleteMFADeviceForUser') && (
                    <td>
                      {can(c, 'cloudsso:DeleteMFADeviceForUser') && (
                        <form method="post" action={`${here}/mfa-devices/${seg(d.deviceId)}/delete`} class="inline">
                          <Csrf token={csrf} />
                          <button type="submit" class="danger" aria-label={`Delete MFA device ${d.name}`}>
                            Delete
                          </button>
                        </form>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </DataTable>
          ) : (
            <p class="muted">No MFA devices. The user binds one at their next portal logon when MFA is required.</p>
          )
        ) : (
          <Flash error={devices.json?.message} />
        )}
      </Card>
      <Card title="Groups">
        {groups.ok ? (
          groups.json.groups.length ? (
            <ul>
              {groups.json.groups.map((g: any) => (
                <li>
                  <a href={`${ROOT}/groups/${seg(g.id)}`}>{g.name}</a>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">Not in any group.</p>
          )
        ) : (
          <Flash error={groups.json?.message} />
        )}
        <Pager path={here} nextToken={groups.json?.nextToken} query={{}} />
      </Card>
      <Card title="Access">
        {assigned.length ? (
          <ul>
            {assigned.map((a) => (
              <li>
                <a href={`${ROOT}/access-configurations/${seg(a.accessConfigurationId)}`}>{a.acName ?? a.accessConfigurationId}</a> on{' '}
                {a.targetType === 'RD-Account' ? <a href={`${ROOT}/permissions/${seg(a.targetId)}`}>{a.targetName ?? a.targetId}</a> : <>folder <code>{a.targetId}</code></>}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No access assigned to this user directly{assignments.json?.nextToken ? ' on this page' : ''}.</p>
        )}
        <p>
          <a href={`${ROOT}/permissions/assign${qs({ principal: `User:${userId}` })}`}>Assign access to this user</a>
        </p>
      </Card>
      {can(c, 'cloudsso:DeleteUser') && (
        <Card title="Delete">
          <form method="post" action={`${here}/delete`} aria-label="Delete the user">
            <Csrf token={csrf} />
            <p class="muted">Remove the user's group memberships, MFA devices and assignments first.</p>
            <Submit kind="danger">Delete user</Submit>
          </form>
        </Card>
      )}
    </>,
    failure?.status ?? 200,
  );
};

/** The password the API generated, shown once in the answer to the form and nowhere else. */
const passwordOnce = (h: ConsoleHelpers, c: ConsoleContext, userId: string, password: string) =>
  h.page(
    c,
    'Password set',
    <>
      <Heading title="Password set" trail={[{ href: ROOT, label: 'CloudSSO' }, { href: USERS, label: 'Users' }]} />
      <SecretOnce label="The generated password" value={password} />
      <p>Give it to the user over a channel you trust.</p>
      <p>
        <a href={`${USERS}/${seg(userId)}`}>Back to the user</a>
      </p>
    </>,
  );

/** Users: list, create, edit, enable/disable, reset the password, MFA devices. */
export const registerUsers = (app: Hono<ConsoleEnv>, h: ConsoleHelpers) => {
  app.get(USERS, inDirectory(h, 'Users', (c, dir) => listPage(h, c, dir)));

  app.post(
    USERS,
    inDirectory(h, 'Users', async (c, dir) => {
      const values = { ...profileOf(c), status: formText(c, 'status') || 'Enabled' };
      const res = await c.get('api')('POST', `${dir.api}/users`, { ...nonEmpty(values), userName: values.userName });
      if (res.ok) return done(c, `${USERS}/${seg(res.json.id)}`, 'user-created');
      return listPage(h, c, dir, { values, errors: errorsOf(res, [...PROFILE, 'status'], PROFILE_ERRORS), status: failStatus(res) });
    }),
  );

  app.get(`${USERS}/:userId`, inDirectory(h, 'User', (c, dir) => detailPage(h, c, dir, param(c, 'userId'))));

  app.post(
    `${USERS}/:userId`,
    inDirectory(h, 'User', async (c, dir) => {
      const userId = param(c, 'userId');
      const values = profileOf(c);
      const res = await c.get('api')('PATCH', `${dir.api}/users/${seg(userId)}`, nonEmpty(values));
      if (res.ok) return done(c, `${USERS}/${seg(userId)}`, 'user-updated');
      return detailPage(h, c, dir, userId, { form: 'profile', values, errors: errorsOf(res, PROFILE, PROFILE_ERRORS), status: failStatus(res) });
    }),
  );

  app.post(
    `${USERS}/:userId/status`,
    inDirectory(h, 'User', async (c, dir) => {
      const userId = param(c, 'userId');
      const status = formText(c, 'status') === 'Disabled' ? 'Disabled' : 'Enabled';
      const res = await c.get('api')('PUT', `${dir.api}/users/${seg(userId)}/status`, { status });
      if (res.ok) return done(c, `${USERS}/${seg(userId)}`, status === 'Enabled' ? 'user-enabled' : 'user-disabled');
      return detailPage(h, c, dir, userId, refusal(res));
    }),
  );

  app.post(
    `${USERS}/:userId/password`,
    inDirectory(h, 'User', async (c, dir) => {
      const userId = param(c, 'userId');
      const password = formText(c, 'password');
      const res = await c.get('api')('PUT', `${dir.api}/users/${seg(userId)}/password`, { ...(password ? { password } : {}), mustChange: formText(c, 'mustChange') === 'on' });
      if (res.ok && typeof res.json?.password === 'string') return passwordOnce(h, c, userId, res.json.password);
      if (res.ok) return done(c, `${USERS}/${seg(userId)}`, 'password-set');
      return detailPage(h, c, dir, userId, { form: 'password', errors: errorsOf(res, ['password']), status: failStatus(res) });
    }),
  );

  app.post(
    `${USERS}/:userId/mfa-devices/:deviceId/delete`,
    inDirectory(h, 'User', async (c, dir) => {
      const userId = param(c, 'userId');
      const res = await c.get('api')('DELETE', `${dir.api}/users/${seg(userId)}/mfa-devices/${seg(param(c, 'deviceId'))}`);
      if (res.ok) return done(c, `${USERS}/${seg(userId)}`, 'mfa-deleted');
      return detailPage(h, c, dir, userId, refusal(res));
    }),
  );

  app.post(
    `${USERS}/:userId/delete`,
    inDirectory(h, 'User', async (c, dir) => {
      const userId = param(c, 'userId');
      const res = await c.get('api')('DELETE', `${dir.api}/users/${seg(userId)}`);
      if (res.ok) return done(c, USERS, 'user-deleted');
      return detailPage(h, c, dir, userId, refusal(res));
    }),
  );
};
