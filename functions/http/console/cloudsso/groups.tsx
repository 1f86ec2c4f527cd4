import type { Hono } from 'hono';
import type { Action } from '../../../../domain/iam/policies';
import type { ConsoleHelpers } from '../app';
import { DataTable, Card, Csrf, Field, Flash, Pager, StatusBadge } from '../components';
import { formText, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { errorsOf, failStatus, fieldError, must, refusal } from './answers';
import { can, type Dir, inDirectory } from './directory';
import { done, noticeOf } from './notices';
import { Heading, Submit } from './parts';
import { PAGE_SIZE, param, qs, ROOT, seg } from './paths';

const GROUPS = `${ROOT}/groups`;
const GROUP_ERRORS = { 'InvalidParameter.GroupName': 'name', 'EntityAlreadyExists.Group': 'name', 'InvalidParameter.Description': 'description' };
type GroupValues = { name: string; description: string };

const listPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, failure?: { values: GroupValues; errors: FieldErrors; status: number }) => {
  const prefix = c.req.query('prefix') ?? '';
  const list = must(await c.get('api')('GET', `${dir.api}/groups${qs({ maxResults: PAGE_SIZE, namePrefix: prefix || undefined, nextToken: c.req.query('nextToken') })}`));
  const errors = failure?.errors ?? NO_ERRORS;
  return h.page(
    c,
    'Groups',
    <>
      <Heading title="Groups" trail={[{ href: ROOT, label: 'CloudSSO' }]} />
      {/* A refused create shows its reason here when the form itself is not shown. */}
      <Flash notice={failure ? undefined : noticeOf(c)} error={failure && !can(c, 'cloudsso:CreateGroup') ? errors.form : undefined} />
      <Card title="Groups">
        <form method="get" action={GROUPS} class="actions" role="search" aria-label="Filter groups">
          <div>
            <label for="f-prefix">Name starts with</label>
            <input id="f-prefix" name="prefix" type="text" value={prefix} />
          </div>
          <button type="submit" class="secondary">
            Filter
          </button>
        </form>
        {list.ok ? (
          list.json.groups.length ? (
            <DataTable columns={['Name', 'Description', 'Members', 'Source']}>
              {list.json.groups.map((g: any) => (
                <tr>
                  <td>
                    <a href={`${GROUPS}/${seg(g.id)}`}>{g.name}</a>
                  </td>
                  <td>{g.description ?? ''}</td>
                  <td>{g.memberCount}</td>
                  <td>{g.provisionType === 'Synchronized' ? 'SCIM' : 'Manual'}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p class="muted">No groups{prefix ? ' match' : ' yet'}.</p>
          )
        ) : (
          <Flash error={list.json?.message} />
        )}
        <Pager path={GROUPS} nextToken={list.json?.nextToken} query={prefix ? { prefix } : {}} />
      </Card>
      {can(c, 'cloudsso:CreateGroup') && (
        <Card title="Create a group">
          <form method="post" action={GROUPS} aria-label="Create a group">
            <Csrf token={c.get('consoleSession').csrfToken} />
            <Flash error={errors.form} />
            <Field label="Name" name="name" value={failure?.values.name} errors={errors} required hint="at most 128 characters" />
            <Field label="Description" name="description" value={failure?.values.description} errors={errors} />
            <Submit>Create group</Submit>
          </form>
        </Card>
      )}
    </>,
    failure?.status ?? 200,
  );
};

/** The permission each form on the page needs: without it the form is hidden and its error shows at the top. */
const FORM_ACTIONS: Record<Exclude<DetailFailure['form'], 'other'>, Action> = { edit: 'cloudsso:UpdateGroup', member: 'cloudsso:AddUserToGroup' };

type DetailFailure = { form: 'edit' | 'member' | 'other'; values?: Record<string, string>; errors: FieldErrors; status: number };

const detailPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, groupId: string, failure?: DetailFailure) => {
  const api = c.get('api');
  const path = `${dir.api}/groups/${seg(groupId)}`;
  const group = must(await api('GET', path));
  const trail = [{ href: ROOT, label: 'CloudSSO' }, { href: GROUPS, label: 'Groups' }];
  if (!group.ok) return h.page(c, 'Group', <><Heading title="Group" trail={trail} /><Flash error={group.json?.message} /></>, group.status);
  const g = group.json;
  const members = must(await api('GET', `${path}/members${qs({ maxResults: PAGE_SIZE, nextToken: c.req.query('nextToken') })}`));
  const here = `${GROUPS}/${seg(groupId)}`;
  const csrf = c.get('consoleSession').csrfToken;
  const errorFor = (form: DetailFailure['form']) => (failure?.form === form ? failure.errors : NO_ERRORS);
  const valuesFor = (form: DetailFailure['form']) => (failure?.form === form ? failure.values : undefined);
  return h.page(
    c,
    `Group ${g.name}`,
    <>
      <Heading title={g.name} trail={trail}>
        <p class="muted">
          {g.memberCount} member(s) · {g.provisionType === 'Synchronized' ? 'synchronized by SCIM' : 'created manually'} · ID <code>{g.id}</code>
        </p>
      </Heading>
      <Flash notice={failure ? undefined : noticeOf(c)} error={failure && (failure.form === 'other' || !can(c, FORM_ACTIONS[failure.form])) ? failure.errors.form : undefined} />
      <Card title="Members">
        {members.ok ? (
          members.json.users.length ? (
            <DataTable columns={['User name', 'Display name', 'Status']} actions={can(c, 'cloudsso:RemoveUserFromGroup')}>
              {members.json.users.map((u: any) => (
                <tr>
                  <td>
                    <a href={`${ROOT}/users/${seg(u.id)}`}>{u.userName}</a>
                  </td>
                  <td>{u.displayName ?? ''}</td>
                  <td>
                    <StatusBadge status={u.status} />
                  </td>
                  {can(c, 'cloudsso:RemoveUserFromGroup') && (
                    <td>
                      {can(c, 'cloudsso:RemoveUserFromGroup') && (
                        <form method="post" action={`${here}/members/${seg(u.id)}/remove`} class="inline">
                          <Csrf token={csrf} />
                          <button type="submit" class="secondary" aria-label={`Remove ${u.userName} from the group`}>
                            Remove
                          </button>
                        </form>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </DataTable>
          ) : (
            <p class="muted">No members yet.</p>
          )
        ) : (
          <Flash error={members.json?.message} />
        )}
        <Pager path={here} nextToken={members.json?.nextToken} />
        {can(c, 'cloudsso:AddUserToGroup') && (
          <form method="post" action={`${here}/members`} aria-label="Add a member">
            <Csrf token={csrf} />
            <Flash error={errorFor('member').form} />
            <Field label="Add a user by user name" name="userName" value={valuesFor('member')?.userName} errors={errorFor('member')} required />
            <Submit>Add member</Submit>
          </form>
        )}
      </Card>
      <Card title="Details">
        {can(c, 'cloudsso:UpdateGroup') ? (
          <form method="post" action={here} aria-label="Edit the group">
            <Csrf token={csrf} />
            <Flash error={errorFor('edit').form} />
            <Field label="Name" name="name" value={valuesFor('edit')?.name ?? g.name} errors={errorFor('edit')} required />
            <Field label="Description" name="description" value={valuesFor('edit')?.description ?? g.description ?? ''} errors={errorFor('edit')} />
            <Submit>Save</Submit>
          </form>
        ) : (
          <p>{g.description ?? <span class="muted">No description.</span>}</p>
        )}
        <p>
          <a href={`${ROOT}/permissions/assign${qs({ principal: `Group:${groupId}` })}`}>Assign access to this group</a>
        </p>
      </Card>
      {can(c, 'cloudsso:DeleteGroup') && (
        <Card title="Delete">
          <form method="post" action={`${here}/delete`} aria-label="Delete the group">
            <Csrf token={csrf} />
            <p class="muted">Only an empty group without assignments can be deleted.</p>
            <Submit kind="danger">Delete group</Submit>
          </form>
        </Card>
      )}
    </>,
    failure?.status ?? 200,
  );
};

/** Groups and their members. */
export const registerGroups = (app: Hono<ConsoleEnv>, h: ConsoleHelpers) => {
  app.get(GROUPS, inDirectory(h, 'Groups', (c, dir) => listPage(h, c, dir)));

  app.post(
    GROUPS,
    inDirectory(h, 'Groups', async (c, dir) => {
      const values = { name: formText(c, 'name'), description: formText(c, 'description') };
      const res = await c.get('api')('POST', `${dir.api}/groups`, { name: values.name, ...(values.description ? { description: values.description } : {}) });
      if (res.ok) return done(c, `${GROUPS}/${seg(res.json.id)}`, 'group-created');
      return listPage(h, c, dir, { values, errors: errorsOf(res, ['name', 'description'], GROUP_ERRORS), status: failStatus(res) });
    }),
  );

  app.get(`${GROUPS}/:groupId`, inDirectory(h, 'Group', (c, dir) => detailPage(h, c, dir, param(c, 'groupId'))));

  app.post(
    `${GROUPS}/:groupId`,
    inDirectory(h, 'Group', async (c, dir) => {
      const groupId = param(c, 'groupId');
      const values = { name: formText(c, 'name'), description: formText(c, 'description') };
      const res = await c.get('api')('PATCH', `${dir.api}/groups/${seg(groupId)}`, values);
      if (res.ok) return done(c, `${GROUPS}/${seg(groupId)}`, 'group-updated');
      return detailPage(h, c, dir, groupId, { form: 'edit', values, errors: errorsOf(res, ['name', 'description'], GROUP_ERRORS), status: failStatus(res) });
    }),
  );

  app.post(
    `${GROUPS}/:groupId/members`,
    inDirectory(h, 'Group', async (c, dir) => {
      const groupId = param(c, 'groupId');
      const userName = formText(c, 'userName');
      const fail = (errors: FieldErrors, status: number) => detailPage(h, c, dir, groupId, { form: 'member', values: { userName }, errors, status });
      if (!userName) return fail(fieldError('userName', 'Enter the user name of the user to add.'), 400);
      // The API adds by id; the person at the form knows the user name.
      const found = await c.get('api')('GET', `${dir.api}/users${qs({ userName, maxResults: 1 })}`);
      if (!found.ok) return fail(errorsOf(found, []), failStatus(found));
      const user = (found.json.users as { id: string }[])[0];
      if (!user) return fail(fieldError('userName', `No user is named ${userName}.`), 400);
      const res = await c.get('api')('POST', `${dir.api}/groups/${seg(groupId)}/members`, { userIds: [user.id] });
      if (res.ok) return done(c, `${GROUPS}/${seg(groupId)}`, 'member-added');
      return fail(errorsOf(res, ['userName'], { 'EntityNotExists.User': 'userName' }), failStatus(res));
    }),
  );

  app.post(
    `${GROUPS}/:groupId/members/:userId/remove`,
    inDirectory(h, 'Group', async (c, dir) => {
      const groupId = param(c, 'groupId');
      const res = await c.get('api')('DELETE', `${dir.api}/groups/${seg(groupId)}/members/${seg(param(c, 'userId'))}`);
      if (res.ok) return done(c, `${GROUPS}/${seg(groupId)}`, 'member-removed');
      return detailPage(h, c, dir, groupId, refusal(res));
    }),
  );

  app.post(
    `${GROUPS}/:groupId/delete`,
    inDirectory(h, 'Group', async (c, dir) => {
      const groupId = param(c, 'groupId');
      const res = await c.get('api')('DELETE', `${dir.api}/groups/${seg(groupId)}`);
      if (res.ok) return done(c, GROUPS, 'group-deleted');
      return detailPage(h, c, dir, groupId, refusal(res));
    }),
  );
};
