import type { Hono } from 'hono';
import type { ConsoleHelpers } from '../app';
import type { ApiAnswer } from '../api-client';
import { DataTable, Card, Csrf, Flash, Pager, StatusBadge } from '../components';
import { formList, formText, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { errorsOf, failStatus, must } from './answers';
import { can, type Dir, inDirectory } from './directory';
import { namesFor } from './names';
import { noticeOf } from './notices';
import { GroupError, Heading, principalLink, Submit, When } from './parts';
import { PAGE_SIZE, param, qs, ROOT, seg } from './paths';
import { MAX_FOLLOWED, TaskTable, TASKS } from './tasks';

const PERMISSIONS = `${ROOT}/permissions`;
const ASSIGN = `${PERMISSIONS}/assign`;
const ACCOUNT_ID = /^\d{16}$/;
const PRINCIPAL = /^(User|Group):([ug]-[a-z0-9]{1,40})$/;
const PICKER_SIZE = 100;
const RD_ACCOUNTS = '/api/v1/resource-directory/accounts';

/** The resource directory's accounts: pick one to see and change who may enter it. */
const accountsPage = async (h: ConsoleHelpers, c: ConsoleContext) => {
  const list = must(await c.get('api')('GET', `${RD_ACCOUNTS}${qs({ maxResults: PAGE_SIZE, nextToken: c.req.query('nextToken') })}`));
  return h.page(
    c,
    'Multi-account permissions',
    <>
      <Heading title="Multi-account permissions" trail={[{ href: ROOT, label: 'CloudSSO' }]}>
        <p class="muted">Who may sign in to which account of the resource directory, as which access configuration.</p>
      </Heading>
      <Flash notice={noticeOf(c)} />
      {can(c, 'cloudsso:CreateAccessAssignment') && (
        <p>
          <a class="button" href={ASSIGN}>
            Assign access
          </a>
        </p>
      )}
      <Card title="Accounts">
        {list.ok ? (
          <DataTable columns={['Account', 'ID', 'Type', 'Status']}>
            {list.json.accounts.map((a: any) => (
              <tr>
                <td>
                  <a href={`${PERMISSIONS}/${seg(a.id)}`}>{a.displayName}</a>
                </td>
                <td>
                  <code>{a.id}</code>
                </td>
                <td>{a.type === 'ManagementAccount' ? 'Management account' : 'Member account'}</td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <Flash error={list.json?.message ?? 'The resource directory could not be read.'} />
        )}
        <Pager path={PERMISSIONS} nextToken={list.json?.nextToken} />
      </Card>
    </>,
  );
};

type Picked = { accountIds: string[]; principals: string[]; accessConfigurationIds: string[] };

/** A "more" link for one picker: the same page, that picker's next page, the others kept. */
const MoreLink = (props: { c: ConsoleContext; param: string; token: string | undefined; label: string }) => {
  if (!props.token) return <></>;
  const params = new URLSearchParams(new URL(props.c.req.url).search);
  params.set(props.param, props.token);
  return (
    <p>
      <a href={`${ASSIGN}?${params}`}>{props.label}</a>
    </p>
  );
};

/**
 * Assigning access, in the order the product asks for it: accounts, then users or groups, then
 * access configurations. Every combination becomes one assignment, provisioned by its own task.
 */
const assignPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, picked: Picked, errors: FieldErrors = NO_ERRORS, status = 200) => {
  const api = c.get('api');
  const userPrefix = c.req.query('userPrefix') ?? '';
  const [accounts, users, groups, acs] = await Promise.all([
    api('GET', `${RD_ACCOUNTS}${qs({ maxResults: PICKER_SIZE, nextToken: c.req.query('accountsToken') })}`).then(must),
    api('GET', `${dir.api}/users${qs({ maxResults: PICKER_SIZE, userNamePrefix: userPrefix || undefined, nextToken: c.req.query('usersToken') })}`).then(must),
    api('GET', `${dir.api}/groups${qs({ maxResults: PICKER_SIZE, nextToken: c.req.query('groupsToken') })}`).then(must),
    api('GET', `${dir.api}/access-configurations${qs({ maxResults: PICKER_SIZE, nextToken: c.req.query('acToken') })}`).then(must),
  ]);
  const describedBy = (name: string) => (errors.fields[name] ? `${name}-error` : undefined);
  return h.page(
    c,
    'Assign access',
    <>
      <Heading title="Assign access" trail={[{ href: ROOT, label: 'CloudSSO' }, { href: PERMISSIONS, label: 'Multi-account permissions' }]}>
        <p class="muted">Each account × user or group × access configuration becomes an assignment; provisioning runs in the background (at most {MAX_FOLLOWED} at once).</p>
      </Heading>
      <form method="get" action={ASSIGN} class="actions" role="search" aria-label="Find users to pick">
        <div>
          <label for="f-userPrefix">Users whose name starts with</label>
          <input id="f-userPrefix" name="userPrefix" type="text" value={userPrefix} />
        </div>
        {/* What is already ticked comes along (those on this page of each list stay ticked). */}
        {picked.accountIds.map((id) => (
          <input type="hidden" name="accountId" value={id} />
        ))}
        {picked.principals.map((p) => (
          <input type="hidden" name="principal" value={p} />
        ))}
        {picked.accessConfigurationIds.map((id) => (
          <input type="hidden" name="accessConfigurationId" value={id} />
        ))}
        <button type="submit" class="secondary">
          Find users
        </button>
      </form>
      <form method="post" action={ASSIGN} aria-label="Assign access">
        <Csrf token={c.get('consoleSession').csrfToken} />
        <Flash error={errors.form} />
        <Card title="1. Accounts">
          <fieldset aria-describedby={describedBy('accountId')} aria-invalid={errors.fields.accountId ? 'true' : undefined}>
            <legend>Accounts of the resource directory</legend>
            <GroupError id="accountId-error" errors={errors} name="accountId" />
            {accounts.ok ? (
              <div class="checks">
                {accounts.json.accounts.map((a: any) => (
                  <label>
                    <input type="checkbox" name="accountId" value={a.id} checked={picked.accountIds.includes(a.id)} /> {a.displayName} <code>{a.id}</code>
                  </label>
                ))}
              </div>
            ) : (
              <Flash error={accounts.json?.message} />
            )}
          </fieldset>
          <MoreLink c={c} param="accountsToken" token={accounts.json?.nextToken} label="More accounts" />
        </Card>
        <Card title="2. Users or groups">
          <fieldset aria-describedby={describedBy('principal')} aria-invalid={errors.fields.principal ? 'true' : undefined}>
            <legend>Users</legend>
            <GroupError id="principal-error" errors={errors} name="principal" />
            {users.ok ? (
              <div class="checks">
                {users.json.users.map((u: any) => (
                  <label>
                    <input type="checkbox" name="principal" value={`User:${u.id}`} checked={picked.principals.includes(`User:${u.id}`)} /> {u.userName}
                    {u.displayName && <span class="muted"> ({u.displayName})</span>}
                  </label>
                ))}
              </div>
            ) : (
              <Flash error={users.json?.message} />
            )}
            <MoreLink c={c} param="usersToken" token={users.json?.nextToken} label="More users" />
          </fieldset>
          <fieldset>
            <legend>Groups</legend>
            {groups.ok ? (
              <div class="checks">
                {groups.json.groups.map((g: any) => (
                  <label>
                    <input type="checkbox" name="principal" value={`Group:${g.id}`} checked={picked.principals.includes(`Group:${g.id}`)} /> {g.name}{' '}
                    <span class="muted">({g.memberCount} members)</span>
                  </label>
                ))}
              </div>
            ) : (
              <Flash error={groups.json?.message} />
            )}
            <MoreLink c={c} param="groupsToken" token={groups.json?.nextToken} label="More groups" />
          </fieldset>
        </Card>
        <Card title="3. Access configurations">
          <fieldset aria-describedby={describedBy('accessConfigurationId')} aria-invalid={errors.fields.accessConfigurationId ? 'true' : undefined}>
            <legend>Access configurations</legend>
            <GroupError id="accessConfigurationId-error" errors={errors} name="accessConfigurationId" />
            {acs.ok ? (
              acs.json.accessConfigurations.length ? (
                <div class="checks">
                  {acs.json.accessConfigurations.map((a: any) => (
                    <label>
                      <input type="checkbox" name="accessConfigurationId" value={a.id} checked={picked.accessConfigurationIds.includes(a.id)} /> {a.name}
                      <span class="muted"> — {(a.permissionPolicies as { name: string }[]).map((p) => p.name).join(', ') || 'no policies'}</span>
                    </label>
                  ))}
                </div>
              ) : (
                <p class="muted">
                  No access configurations yet: <a href={`${ROOT}/access-configurations`}>create one</a> first.
                </p>
              )
            ) : (
              <Flash error={acs.json?.message} />
            )}
          </fieldset>
          <MoreLink c={c} param="acToken" token={acs.json?.nextToken} label="More access configurations" />
          <Submit>Assign</Submit>
        </Card>
      </form>
    </>,
    status,
  );
};

type Started = { task: any } | { label: string; answer: ApiAnswer };

/** Some assignments started, some were refused: both, side by side. */
const partialPage = (h: ConsoleHelpers, c: ConsoleContext, results: Started[]) => {
  const tasks = results.flatMap((r) => ('task' in r ? [r.task] : []));
  const refused = results.flatMap((r) => ('answer' in r ? [r] : []));
  return h.page(
    c,
    'Assign access',
    <>
      <Heading title="Some assignments were refused" trail={[{ href: ROOT, label: 'CloudSSO' }, { href: PERMISSIONS, label: 'Multi-account permissions' }]} />
      <div class="error" role="alert">
        <p>{refused.length} of {results.length} assignments were refused:</p>
        <ul>
          {refused.map((r) => (
            <li>
              {r.label}: {r.answer.json?.message ?? `HTTP ${r.answer.status}`}
            </li>
          ))}
        </ul>
      </div>
      <Card title="Started">
        <TaskTable tasks={tasks} />
        <p>
          <a href={`${TASKS}${qs({ ids: tasks.map((t) => t.taskId).join(',') })}`}>Follow these tasks</a>
        </p>
      </Card>
    </>,
  );
};

type AccountFailure = { errors: FieldErrors; status: number };

/** One account: who may enter it as what, what is provisioned there and how it went. */
const accountPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, accountId: string, failure?: AccountFailure) => {
  const api = c.get('api');
  const trail = [{ href: ROOT, label: 'CloudSSO' }, { href: PERMISSIONS, label: 'Multi-account permissions' }];
  const account = ACCOUNT_ID.test(accountId) ? must(await api('GET', `${RD_ACCOUNTS}/${seg(accountId)}`)) : undefined;
  if (!account?.ok) return h.page(c, 'Account', <><Heading title="Account" trail={trail} /><Flash error={account?.json?.message ?? 'No such account.'} /></>, account?.status ?? 404);
  const [assignments, provisionings, tasks] = await Promise.all([
    api('GET', `${dir.api}/access-assignments${qs({ targetType: 'RD-Account', targetId: accountId, maxResults: PAGE_SIZE, nextToken: c.req.query('nextToken') })}`).then(must),
    api('GET', `${dir.api}/accounts/${seg(accountId)}/provisionings${qs({ maxResults: PICKER_SIZE })}`).then(must),
    api('GET', `${dir.api}/tasks${qs({ targetId: accountId, maxResults: 5 })}`).then(must),
  ]);
  const names = namesFor(api, dir);
  const rows = assignments.ok
    ? await Promise.all(
        (assignments.json.accessAssignments as any[]).map(async (a) => ({
          ...a,
          principalName: await names.principal(a.principalType, a.principalId),
          acName: await names.accessConfiguration(a.accessConfigurationId),
        })),
      )
    : [];
  const here = `${PERMISSIONS}/${seg(accountId)}`;
  const csrf = c.get('consoleSession').csrfToken;
  const a = account.json;
  return h.page(
    c,
    `Permissions on ${a.displayName}`,
    <>
      <Heading title={a.displayName} trail={trail}>
        <p class="muted">
          Account <code>{a.id}</code> · {a.type === 'ManagementAccount' ? 'management account' : 'member account'}
        </p>
      </Heading>
      <Flash notice={failure ? undefined : noticeOf(c)} error={failure?.errors.form} />
      <Card title="Assignments">
        {assignments.ok ? (
          rows.length ? (
            <DataTable columns={['User or group', 'Access configuration', 'Since']} actions={can(c, 'cloudsso:DeleteAccessAssignment')}>
              {rows.map((r) => (
                <tr>
                  <td>{principalLink(r.principalType, r.principalId, r.principalName)}</td>
                  <td>
                    <a href={`${ROOT}/access-configurations/${seg(r.accessConfigurationId)}`}>{r.acName ?? r.accessConfigurationId}</a>
                  </td>
                  <td>
                    <When at={r.createdAt} />
                    {r.expiresAt && <span class="muted"> (until <When at={r.expiresAt} />)</span>}
                  </td>
                  {can(c, 'cloudsso:DeleteAccessAssignment') && (
                    <td>
                      {can(c, 'cloudsso:DeleteAccessAssignment') && (
                        <form method="post" action={`${here}/unassign`} class="inline">
                          <Csrf token={csrf} />
                          <input type="hidden" name="accessConfigurationId" value={r.accessConfigurationId} />
                          <input type="hidden" name="principal" value={`${r.principalType}:${r.principalId}`} />
                          <button type="submit" class="danger" aria-label={`Remove ${r.acName ?? r.accessConfigurationId} from ${r.principalName ?? r.principalId}`}>
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
            <p class="muted">Nobody is assigned access on this account directly.</p>
          )
        ) : (
          <Flash error={assignments.json?.message} />
        )}
        <Pager path={here} nextToken={assignments.json?.nextToken} />
        {can(c, 'cloudsso:CreateAccessAssignment') && (
          <p>
            <a class="button secondary" href={`${ASSIGN}${qs({ accountId })}`}>
              Assign access on this account
            </a>
          </p>
        )}
      </Card>
      <Card title="Provisioning">
        {provisionings.ok ? (
          provisionings.json.provisionings.length ? (
            <DataTable columns={['Access configuration', 'Role', 'Status', 'Updated']} actions={(can(c, 'cloudsso:ProvisionAccessConfiguration') || can(c, 'cloudsso:DeprovisionAccessConfiguration'))}>
              {provisionings.json.provisionings.map((p: any) => (
                <tr data-provisioning={p.accessConfigurationId}>
                  <td>
                    <a href={`${ROOT}/access-configurations/${seg(p.accessConfigurationId)}`}>{p.accessConfigurationName ?? p.accessConfigurationId}</a>
                  </td>
                  <td>
                    <code>{p.roleName}</code>
                  </td>
                  <td>
                    <StatusBadge status={p.status} />
                    {p.failureReason && <p class="field-error">{p.failureReason}</p>}
                  </td>
                  <td>
                    <When at={p.updatedAt} />
                  </td>
                  {(can(c, 'cloudsso:ProvisionAccessConfiguration') || can(c, 'cloudsso:DeprovisionAccessConfiguration')) && (
                    <td>
                      {can(c, 'cloudsso:ProvisionAccessConfiguration') && p.status !== 'DeprovisionFailed' && (
                        <form method="post" action={`${here}/provision`} class="inline">
                          <Csrf token={csrf} />
                          <input type="hidden" name="accessConfigurationId" value={p.accessConfigurationId} />
                          <button type="submit" class={p.status === 'ReprovisionRequired' ? undefined : 'secondary'} aria-label={`Re-provision ${p.accessConfigurationName ?? p.accessConfigurationId}`}>
                            Re-provision
                          </button>
                        </form>
                      )}
                      {can(c, 'cloudsso:DeprovisionAccessConfiguration') && p.status === 'DeprovisionFailed' && (
                        <form method="post" action={`${here}/deprovision`} class="inline">
                          <Csrf token={csrf} />
                          <input type="hidden" name="accessConfigurationId" value={p.accessConfigurationId} />
                          <button type="submit" class="danger" aria-label={`Retry deprovisioning ${p.accessConfigurationName ?? p.accessConfigurationId}`}>
                            Retry deprovisioning
                          </button>
                        </form>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </DataTable>
          ) : (
            <p class="muted">Nothing is provisioned in this account.</p>
          )
        ) : (
          <Flash error={provisionings.json?.message} />
        )}
      </Card>
      <Card title="Recent tasks">
        {tasks.ok ? tasks.json.tasks.length ? <TaskTable tasks={tasks.json.tasks} /> : <p class="muted">No tasks on this account.</p> : <Flash error={tasks.json?.message} />}
        <p>
          <a href={`${TASKS}${qs({ targetId: accountId })}`}>All tasks on this account</a>
        </p>
      </Card>
    </>,
    failure?.status ?? 200,
  );
};

const pickedOf = (c: ConsoleContext, from: 'form' | 'query'): Picked => {
  const list = (name: string) => (from === 'form' ? formList(c, name) : (c.req.queries(name) ?? []).map((s) => s.trim()).filter(Boolean));
  return { accountIds: list('accountId'), principals: list('principal'), accessConfigurationIds: list('accessConfigurationId') };
};

/** Multi-account permissions: accounts, their assignments and provisioning, and the assignment form. */
export const registerPermissions = (app: Hono<ConsoleEnv>, h: ConsoleHelpers) => {
  app.get(PERMISSIONS, inDirectory(h, 'Multi-account permissions', (c) => accountsPage(h, c)));
  app.get(ASSIGN, inDirectory(h, 'Assign access', (c, dir) => assignPage(h, c, dir, pickedOf(c, 'query'))));

  app.post(
    ASSIGN,
    inDirectory(h, 'Assign access', async (c, dir) => {
      const picked = pickedOf(c, 'form');
      const missing: Record<string, string> = {};
      if (!picked.accountIds.length) missing.accountId = 'Choose at least one account.';
      if (!picked.principals.length) missing.principal = 'Choose at least one user or group.';
      if (!picked.accessConfigurationIds.length) missing.accessConfigurationId = 'Choose at least one access configuration.';
      if (Object.keys(missing).length) return assignPage(h, c, dir, picked, { fields: missing }, 400);
      const combinations = picked.accountIds.length * picked.principals.length * picked.accessConfigurationIds.length;
      if (combinations > MAX_FOLLOWED) {
        return assignPage(h, c, dir, picked, { form: `That is ${combinations} assignments; choose at most ${MAX_FOLLOWED} at once.`, fields: {} }, 400);
      }
      const badPrincipal = picked.principals.find((p) => !PRINCIPAL.test(p));
      if (badPrincipal) return assignPage(h, c, dir, picked, { fields: { principal: 'Choose users or groups from the list.' } }, 400);

      const names = namesFor(c.get('api'), dir);
      const results: Started[] = [];
      for (const accountId of picked.accountIds) {
        for (const p of picked.principals) {
          const [, principalType, principalId] = PRINCIPAL.exec(p)!;
          for (const accessConfigurationId of picked.accessConfigurationIds) {
            const res = await c.get('api')('POST', `${dir.api}/access-assignments`, { accessConfigurationId, targetType: 'RD-Account', targetId: accountId, principalType, principalId });
            if (res.ok) results.push({ task: res.json });
            else {
              failStatus(res);
              const label = `${principalType} ${(await names.principal(principalType!, principalId!)) ?? principalId} on ${(await names.account(accountId)) ?? accountId} as ${(await names.accessConfiguration(accessConfigurationId)) ?? accessConfigurationId}`;
              results.push({ label, answer: res });
            }
          }
        }
      }
      const refused = results.flatMap((r) => ('answer' in r ? [r] : []));
      if (!refused.length) return c.redirect(`${TASKS}${qs({ ids: results.map((r) => ('task' in r ? r.task.taskId : '')).join(','), done: 'assigned' })}`, 303);
      if (refused.length < results.length) return partialPage(h, c, results);
      const first = refused[0]!;
      const message = refused.length === 1 ? errorsOf(first.answer, []).form : refused.map((r) => `${r.label}: ${r.answer.json?.message ?? r.answer.status}`).join(' · ');
      return assignPage(h, c, dir, picked, { form: message ?? 'The assignment was refused.', fields: {} }, failStatus(first.answer));
    }),
  );

  app.get(`${PERMISSIONS}/:accountId`, inDirectory(h, 'Account', (c, dir) => accountPage(h, c, dir, param(c, 'accountId'))));

  app.post(
    `${PERMISSIONS}/:accountId/unassign`,
    inDirectory(h, 'Account', async (c, dir) => {
      const accountId = param(c, 'accountId');
      const principal = PRINCIPAL.exec(formText(c, 'principal'));
      if (!principal) return accountPage(h, c, dir, accountId, { errors: { form: 'Choose an assignment from the list.', fields: {} }, status: 400 });
      const query = qs({ accessConfigurationId: formText(c, 'accessConfigurationId'), targetType: 'RD-Account', targetId: accountId, principalType: principal[1], principalId: principal[2] });
      const res = await c.get('api')('DELETE', `${dir.api}/access-assignments${query}`);
      if (res.ok) return c.redirect(`${TASKS}/${seg(res.json.taskId)}?done=unassigned`, 303);
      return accountPage(h, c, dir, accountId, { errors: errorsOf(res, []), status: failStatus(res) });
    }),
  );

  app.post(
    `${PERMISSIONS}/:accountId/provision`,
    inDirectory(h, 'Account', async (c, dir) => {
      const accountId = param(c, 'accountId');
      const res = await c.get('api')('POST', `${dir.api}/access-configurations/${seg(formText(c, 'accessConfigurationId'))}/provisionings`, { accountId });
      if (res.ok) return c.redirect(`${TASKS}/${seg(res.json.taskId)}?done=provisioning`, 303);
      return accountPage(h, c, dir, accountId, { errors: errorsOf(res, []), status: failStatus(res) });
    }),
  );

  app.post(
    `${PERMISSIONS}/:accountId/deprovision`,
    inDirectory(h, 'Account', async (c, dir) => {
      const accountId = param(c, 'accountId');
      const res = await c.get('api')('DELETE', `${dir.api}/access-configurations/${seg(formText(c, 'accessConfigurationId'))}/provisionings/${seg(accountId)}`);
      if (res.ok) return c.redirect(`${TASKS}/${seg(res.json.taskId)}?done=provisioning`, 303);
      return accountPage(h, c, dir, accountId, { errors: errorsOf(res, []), status: failStatus(res) });
    }),
  );
};
