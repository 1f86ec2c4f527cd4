import { byPrincipal, openDirectory, type DirectoryAccessError } from '../directory/actor';
import type { DirectoryPorts } from '../directory/directory-ports';
import { openInstance, type InstanceAccessError } from '../ciam/instance-access';
import type { InstanceAdministratorRepository, InstanceRepository } from '../ciam/ports';
import type { Action } from '../iam/policies';
import { authorize, type Forbidden, type Principal } from '../iam/principal';
import type { Clock } from '../shared/clock';
import type { DirectoryId, InstanceId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { ok, type Result } from '../shared/result';
import type { AuditEvent, AuditTenant } from './audit-event';
import { resolveAuditQuery, type AuditQuery, type InvalidAuditQuery } from './audit-query';
import { checkRetention, type AuditSettings, type InvalidRetention } from './audit-retention';
import type { AuditSettingsRepository, AuditTrailReader, InvalidNextToken } from './ports';

export type AuditPorts = Pick<DirectoryPorts, 'directories'> & {
  readonly instances: InstanceRepository;
  readonly instanceAdministrators: InstanceAdministratorRepository;
  readonly auditTrail: AuditTrailReader;
  readonly auditSettings: AuditSettingsRepository;
  readonly clock: Clock;
};

/** Which trail a caller names: the account's own, or one of its directories or instances. */
export type TrailRef = { readonly type: 'account' } | { readonly type: 'directory'; readonly id: DirectoryId } | { readonly type: 'instance'; readonly id: InstanceId };

type Need = 'read' | 'configure' | 'inspect';

// Each area's trail is that area's resource: CloudSSO and IDaaS policies (and instance roles) reach
// their own trails; the ActionTrail policies reach all of them (see policies.ts).
const ACTIONS: Record<TrailRef['type'], Record<Need, Action>> = {
  account: { read: 'actiontrail:LookupEvents', inspect: 'actiontrail:DescribeTrails', configure: 'actiontrail:UpdateTrail' },
  directory: { read: 'cloudsso:ListAuditEvents', inspect: 'cloudsso:GetAuditSettings', configure: 'cloudsso:UpdateAuditSettings' },
  instance: { read: 'idaas:ListAuditEvents', inspect: 'idaas:GetAuditSettings', configure: 'idaas:UpdateAuditSettings' },
};

export type TrailAccessError = Forbidden | DirectoryAccessError | InstanceAccessError;

/**
 * The tenant whose trail the principal may use. A directory or instance of another account does not
 * exist for the caller (404), so one tenant's auditors can neither read nor probe another's trail.
 */
export const openTrail = async (
  ports: Pick<AuditPorts, 'directories' | 'instances' | 'instanceAdministrators'>,
  principal: Principal,
  trail: TrailRef,
  need: Need,
): Promise<Result<AuditTenant, TrailAccessError>> => {
  const action = ACTIONS[trail.type][need];
  if (trail.type === 'account') {
    const allowed = authorize(principal, action);
    return allowed.ok ? ok({ type: 'account', id: principal.accountId }) : allowed;
  }
  if (trail.type === 'directory') {
    const opened = await openDirectory(ports, byPrincipal(principal), trail.id, action);
    return opened.ok ? ok({ type: 'directory', id: trail.id }) : opened;
  }
  const opened = await openInstance(ports, principal, trail.id, action);
  return opened.ok ? ok({ type: 'instance', id: trail.id }) : opened;
};

export type AuditQueryInput = { readonly [K in keyof AuditQuery]?: AuditQuery[K] | undefined };

type TrailPage = Result<Page<AuditEvent>, TrailAccessError | InvalidAuditQuery | InvalidNextToken>;

const readTrail = async (
  ports: AuditPorts,
  principal: Principal,
  trail: TrailRef,
  input: AuditQueryInput,
  read: (tenant: AuditTenant, query: AuditQuery) => Promise<Result<Page<AuditEvent>, InvalidNextToken>>,
): Promise<TrailPage> => {
  const tenant = await openTrail(ports, principal, trail, 'read');
  if (!tenant.ok) return tenant;
  const query = resolveAuditQuery(input, ports.clock.now());
  if (!query.ok) return query;
  return read(tenant.value, query.value);
};

/** A page of the trail, newest first. */
export const queryAuditEvents = (ports: AuditPorts, principal: Principal, trail: TrailRef, input: AuditQueryInput, page: PageRequest): Promise<TrailPage> =>
  readTrail(ports, principal, trail, input, (tenant, query) => ports.auditTrail.query(tenant, query, page));

/** A time range of the trail, oldest first, a page at a time, for a JSON-lines or CSV download. */
export const exportAuditEvents = (ports: AuditPorts, principal: Principal, trail: TrailRef, input: AuditQueryInput, page: PageRequest): Promise<TrailPage> =>
  readTrail(ports, principal, trail, input, (tenant, query) => ports.auditTrail.exportPage(tenant, query, page));

export const getAuditSettings = async (
  ports: AuditPorts,
  principal: Principal,
  trail: TrailRef,
): Promise<Result<AuditSettings, TrailAccessError>> => {
  const tenant = await openTrail(ports, principal, trail, 'inspect');
  if (!tenant.ok) return tenant;
  return ok(await ports.auditSettings.get(tenant.value));
};

/** A new retention applies to events recorded from now on; recorded ones keep the expiry they got. */
export const setAuditRetention = async (
  ports: AuditPorts,
  principal: Principal,
  trail: TrailRef,
  retentionDays: number,
): Promise<Result<AuditSettings, TrailAccessError | InvalidRetention>> => {
  const tenant = await openTrail(ports, principal, trail, 'configure');
  if (!tenant.ok) return tenant;
  const days = checkRetention(retentionDays);
  if (!days.ok) return days;
  const settings = { retentionDays: days.value, updatedAt: ports.clock.now().toISOString() };
  await ports.auditSettings.put(tenant.value, settings);
  return ok(settings);
};
