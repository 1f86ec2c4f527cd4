import type { Hono } from 'hono';
import type { ConsoleHelpers } from '../app';
import { Card, Flash, Pager, StatusBadge } from '../components';
import type { ConsoleContext, ConsoleEnv } from '../env';
import { must } from './answers';
import { type Dir, inDirectory } from './directory';
import { noticeOf } from './notices';
import { Heading, When } from './parts';
import { PAGE_SIZE, param, qs, ROOT, seg } from './paths';

export const TASKS = `${ROOT}/tasks`;
const TASK_ID = /^t-[0-9A-Z]{26}$/;
const TASK_TYPES = ['CreateAccessAssignment', 'DeleteAccessAssignment', 'ProvisionAccessConfiguration', 'DeprovisionAccessConfiguration', 'ReprovisionAccessConfiguration'];
const TASK_LABELS: Record<string, string> = {
  CreateAccessAssignment: 'Assign access',
  DeleteAccessAssignment: 'Remove access',
  ProvisionAccessConfiguration: 'Provision',
  DeprovisionAccessConfiguration: 'Deprovision',
  ReprovisionAccessConfiguration: 'Re-provision',
};
/** At most this many tasks are followed on one page (what one assignment form may start). */
export const MAX_FOLLOWED = 50;

/** What a task is about, in words, with links to what it names. */
const Subject = (props: { t: any }) => {
  const t = props.t;
  return (
    <>
      {t.accessConfigurationId && <a href={`${ROOT}/access-configurations/${seg(t.accessConfigurationId)}`}>{t.accessConfigurationName ?? t.accessConfigurationId}</a>}
      {t.targetId && (
        <>
          {' '}on {t.targetType === 'RD-Account' ? <a href={`${ROOT}/permissions/${seg(t.targetId)}`}>{t.targetName ?? t.targetId}</a> : <>folder {t.targetName ?? t.targetId}</>}
        </>
      )}
      {t.principalId && (
        <>
          {' '}for{' '}
          <a href={`${ROOT}/${t.principalType === 'Group' ? 'groups' : 'users'}/${seg(t.principalId)}`}>
            {t.principalType === 'Group' ? 'group' : 'user'} {t.principalName ?? t.principalId}
          </a>
        </>
      )}
    </>
  );
};

/** Tasks as a table: each links to its own page, where its progress shows. */
export const TaskTable = (props: { tasks: readonly any[]; caption?: string }) => (
  <div class="table-scroll" style="overflow-x:auto">
    <table>
      {props.caption && <caption class="muted">{props.caption}</caption>}
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">What</th>
          <th scope="col">Status</th>
          <th scope="col">Started</th>
          <th scope="col">Ended</th>
        </tr>
      </thead>
      <tbody>
        {props.tasks.map((t) => (
          <tr data-task-id={t.taskId}>
            <td>
              <a href={`${TASKS}/${seg(t.taskId)}`}>{TASK_LABELS[t.taskType] ?? t.taskType}</a>
            </td>
            <td>
              <Subject t={t} />
              {t.failureReason && <p class="field-error">{t.failureReason}</p>}
            </td>
            <td>
              <StatusBadge status={t.status} />
            </td>
            <td>
              <When at={t.startTime} />
            </td>
            <td>
              <When at={t.endTime} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

/** The tasks just started (named in the URL by the form that started them), or every task, filtered. */
const listPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir) => {
  const api = c.get('api');
  const followed = (c.req.query('ids') ?? '').split(',').filter((id) => TASK_ID.test(id)).slice(0, MAX_FOLLOWED);
  const trail = [{ href: ROOT, label: 'CloudSSO' }];
  if (followed.length) {
    const answers = await Promise.all(followed.map((id) => api('GET', `${dir.api}/tasks/${seg(id)}`).then(must)));
    const tasks = answers.filter((a) => a.ok).map((a) => a.json);
    const running = tasks.filter((t) => t.status === 'InProgress').length;
    return h.page(
      c,
      'Tasks',
      <>
        <Heading title="Tasks you started" trail={[...trail, { href: TASKS, label: 'Tasks' }]} />
        <Flash notice={noticeOf(c)} />
        <Card title={running ? `${running} of ${tasks.length} still in progress` : `All ${tasks.length} finished`}>
          {running > 0 && (
            <p>
              <progress max={tasks.length} value={tasks.length - running} aria-label="Tasks finished">
                {tasks.length - running} of {tasks.length}
              </progress>{' '}
              <a href={`${TASKS}${qs({ ids: followed.join(',') })}`}>Refresh</a>
            </p>
          )}
          <TaskTable tasks={tasks} />
        </Card>
      </>,
    );
  }
  const status = c.req.query('status') ?? '';
  const taskType = c.req.query('taskType') ?? '';
  const accessConfigurationId = c.req.query('accessConfigurationId') ?? '';
  const targetId = c.req.query('targetId') ?? '';
  const filter = { status, taskType, accessConfigurationId, targetId };
  const defined = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== ''));
  const list = must(await api('GET', `${dir.api}/tasks${qs({ maxResults: PAGE_SIZE, ...defined, nextToken: c.req.query('nextToken') })}`));
  return h.page(
    c,
    'Tasks',
    <>
      <Heading title="Tasks" trail={trail}>
        <p class="muted">Assigning, removing and provisioning access run in the background; the last 90 days are kept, newest first.</p>
      </Heading>
      <Flash notice={noticeOf(c)} />
      <Card title="Filter">
        <form method="get" action={TASKS} class="actions" role="search" aria-label="Filter tasks">
          <div>
            <label for="f-status">Status</label>
            <select id="f-status" name="status">
              {['', 'InProgress', 'Success', 'Failed'].map((s) => (
                <option value={s} selected={s === status}>
                  {s || 'Any'}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-taskType">Type</label>
            <select id="f-taskType" name="taskType">
              {['', ...TASK_TYPES].map((s) => (
                <option value={s} selected={s === taskType}>
                  {s ? TASK_LABELS[s] : 'Any'}
                </option>
              ))}
            </select>
          </div>
          {accessConfigurationId && <input type="hidden" name="accessConfigurationId" value={accessConfigurationId} />}
          {targetId && <input type="hidden" name="targetId" value={targetId} />}
          <button type="submit" class="secondary">
            Filter
          </button>
        </form>
      </Card>
      <Card title="Tasks">
        {list.ok ? list.json.tasks.length ? <TaskTable tasks={list.json.tasks} /> : <p class="muted">No tasks.</p> : <Flash error={list.json?.message} />}
        <Pager path={TASKS} nextToken={list.json?.nextToken} query={defined} />
      </Card>
    </>,
    list.ok ? 200 : list.status,
  );
};

const taskPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, taskId: string) => {
  const trail = [{ href: ROOT, label: 'CloudSSO' }, { href: TASKS, label: 'Tasks' }];
  const got = TASK_ID.test(taskId) ? must(await c.get('api')('GET', `${dir.api}/tasks/${seg(taskId)}`)) : undefined;
  if (!got?.ok) return h.page(c, 'Task', <><Heading title="Task" trail={trail} /><Flash error={got?.json?.message ?? 'No such task.'} /></>, got?.status ?? 404);
  const t = got.json;
  return h.page(
    c,
    'Task',
    <>
      <Heading title={TASK_LABELS[t.taskType] ?? t.taskType} trail={trail} />
      <Flash notice={noticeOf(c)} />
      <Card title="Status">
        <p>
          <StatusBadge status={t.status} />{' '}
          {t.status === 'InProgress' && (
            <>
              <progress aria-label="In progress" /> Running (attempt {t.attempts}). <a href={`${TASKS}/${seg(t.taskId)}`}>Refresh</a> to follow it.
            </>
          )}
        </p>
        {t.failureReason && (
          <div class="error" role="alert">
            {t.failureReason}
          </div>
        )}
        <p>
          <Subject t={t} />
        </p>
        <dl>
          <dt>Task ID</dt>
          <dd>
            <code>{t.taskId}</code>
          </dd>
          <dt>Started</dt>
          <dd>
            <When at={t.startTime} />
          </dd>
          <dt>Ended</dt>
          <dd>{t.endTime ? <When at={t.endTime} /> : '—'}</dd>
          <dt>Attempts</dt>
          <dd>{t.attempts}</dd>
        </dl>
        {t.targetType === 'RD-Account' && (
          <p>
            <a href={`${ROOT}/permissions/${seg(t.targetId)}`}>Provisioning status on {t.targetName ?? t.targetId}</a>
          </p>
        )}
      </Card>
    </>,
  );
};

/** Tasks: what assigning and provisioning started, and how it went. */
export const registerTasks = (app: Hono<ConsoleEnv>, h: ConsoleHelpers) => {
  app.get(TASKS, inDirectory(h, 'Tasks', (c, dir) => listPage(h, c, dir)));
  app.get(`${TASKS}/:taskId`, inDirectory(h, 'Task', (c, dir) => taskPage(h, c, dir, param(c, 'taskId'))));
};
