import type { Action } from '../iam/policies';
import type { Principal } from '../iam/principal';
import type { ApplicationId, InstanceId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { err, fail, ok, type Failure, type Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import {
  addClientSecret,
  changeApplication,
  newApplication,
  rotateSecret,
  takesClientSecret,
  withLogonMethods,
  withStatus,
  type Application,
  type ApplicationChanges,
  type ApplicationClientSecret,
  type ApplicationInput,
  type ApplicationInputError,
  type ApplicationStatus,
  type SecretRotationError,
} from './application';
import type { ApplicationQuotaExceeded, SpEntityIdTaken } from './application-ports';
import { editionOffer } from './catalogue';
import type { CiamPorts } from './ciam-ports';
import type { InstanceStateError } from './instance';
import { openInstance, openInstanceForChange, type InstanceAccessError } from './instance-access';
import type { LogonMethods, LogonMethodsError } from './logon-methods';

export type ApplicationMissing = Failure<'EntityNotExists.Application'>;
type OpenError = InstanceAccessError | ApplicationMissing;
type WriteError = OpenError | InstanceStateError;

/** A client secret as issued: the only time it is ever shown in clear. */
export type IssuedClientSecret = { readonly id: string; readonly secret: string; readonly createdAt: string };

// Applications are looked up under the opened instance: another instance's application id finds nothing.
const lookUp = async (ports: CiamPorts, instanceId: InstanceId, applicationId: string): Promise<Result<Application, ApplicationMissing>> => {
  const application = await ports.applications.get(instanceId, applicationId as ApplicationId);
  return application ? ok(application) : fail('EntityNotExists.Application', `Application ${applicationId} does not exist in instance ${instanceId}.`);
};

/** The application, once the caller is authorized for `action` on its instance. */
const openApplication = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  applicationId: string,
  action: Action,
): Promise<Result<Application, OpenError>> => {
  const opened = await openInstance(ports, principal, instanceId, action);
  return opened.ok ? lookUp(ports, instanceId, applicationId) : opened;
};

/** As openApplication, for a change: the instance must also be in service (Running). */
const openForChange = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  applicationId: string,
  action: Action,
): Promise<Result<Application, WriteError>> => {
  const opened = await openInstanceForChange(ports, principal, instanceId, action);
  return opened.ok ? lookUp(ports, instanceId, applicationId) : opened;
};

// 256 random bits from the secret service; the id comes from a second token, so it reveals nothing.
const issueSecret = (ports: CiamPorts, now: Date): IssuedClientSecret => ({
  id: `cs_${ports.secrets.newOpaqueToken().replace(/[^A-Za-z0-9]/g, '').slice(0, 20)}`,
  secret: ports.secrets.newOpaqueToken(),
  createdAt: now.toISOString(),
});

/** Stores a change that keeps the SP entity id (status, secrets, logon methods): only a race can fail it. */
const saved = async <T>(ports: CiamPorts, previous: Application, next: Application, value: T): Promise<Result<T, ConcurrentModification>> => {
  const written = await ports.applications.update(next, previous);
  if (written.ok) return ok(value);
  if (written.error.code === 'EntityAlreadyExists.SpEntityId') throw new Error(`application ${next.id} changed its SP entity id outside updateApplication`);
  return err(written.error);
};

/**
 * CreateApplication. A confidential OIDC client gets its first secret at once, returned here in clear
 * and never again. The edition's maxApplications is enforced by the repository's transaction, so two
 * creates racing for the last place cannot both get it.
 */
export const createApplication = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  input: ApplicationInput,
): Promise<
  Result<
    { application: Application; clientSecret?: IssuedClientSecret },
    InstanceAccessError | InstanceStateError | ApplicationInputError | ApplicationQuotaExceeded | SpEntityIdTaken
  >
> => {
  const opened = await openInstanceForChange(ports, principal, instanceId, 'idaas:CreateApplication');
  if (!opened.ok) return opened;
  const now = ports.clock.now();
  const created = newApplication(input, { instanceId, applicationId: ports.ids.applicationId() }, now);
  if (!created.ok) return created;
  let application = created.value;
  let clientSecret: IssuedClientSecret | undefined;
  if (takesClientSecret(application)) {
    clientSecret = issueSecret(ports, now);
    const withSecret = addClientSecret(application, clientSecret, ports.secrets.hash, 0, now);
    if (!withSecret.ok) throw new Error(`a new confidential client refused its first secret: ${withSecret.error.message}`);
    application = withSecret.value;
  }
  const stored = await ports.applications.create(application, editionOffer(opened.value.edition).maxApplications);
  if (!stored.ok) return stored;
  return ok({ application, ...(clientSecret ? { clientSecret } : {}) });
};

export const listApplications = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  page: PageRequest,
): Promise<Result<Page<Application>, InstanceAccessError | InvalidNextToken>> => {
  const opened = await openInstance(ports, principal, instanceId, 'idaas:ListApplications');
  if (!opened.ok) return opened;
  return ports.applications.list(instanceId, page);
};

export const getApplication = (ports: CiamPorts, principal: Principal, instanceId: InstanceId, applicationId: string): Promise<Result<Application, OpenError>> =>
  openApplication(ports, principal, instanceId, applicationId, 'idaas:GetApplication');

export const updateApplication = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  applicationId: string,
  changes: ApplicationChanges,
): Promise<Result<Application, WriteError | ApplicationInputError | ConcurrentModification | SpEntityIdTaken>> => {
  const opened = await openForChange(ports, principal, instanceId, applicationId, 'idaas:UpdateApplication');
  if (!opened.ok) return opened;
  const next = changeApplication(opened.value, changes, ports.clock.now());
  if (!next.ok) return next;
  const written = await ports.applications.update(next.value, opened.value);
  return written.ok ? ok(next.value) : written;
};

/** EnableApplication / DisableApplication. A disabled application answers no logons but stays configurable. */
export const setApplicationStatus = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  applicationId: string,
  status: ApplicationStatus,
): Promise<Result<Application, WriteError | ConcurrentModification>> => {
  const action = status === 'Enabled' ? 'idaas:EnableApplication' : 'idaas:DisableApplication';
  const opened = await openForChange(ports, principal, instanceId, applicationId, action);
  if (!opened.ok) return opened;
  const next = withStatus(opened.value, status, ports.clock.now());
  return next ? saved(ports, opened.value, next, next) : ok(opened.value);
};

/** Frees the application's place in the instance's quota; its client_id answers nothing from then on. */
export const deleteApplication = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  applicationId: string,
): Promise<Result<void, WriteError | ConcurrentModification>> => {
  const opened = await openForChange(ports, principal, instanceId, applicationId, 'idaas:DeleteApplication');
  if (!opened.ok) return opened;
  return ports.applications.delete(opened.value);
};

/**
 * CreateApplicationClientSecret: a new current secret, returned in clear this once (only its hash is
 * stored). The previous one stays valid for `overlapSeconds` (default a day, 0 to revoke it now).
 */
export const rotateClientSecret = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  applicationId: string,
  request: { readonly overlapSeconds?: number | undefined },
): Promise<Result<{ application: Application; clientSecret: IssuedClientSecret }, WriteError | SecretRotationError | ConcurrentModification>> => {
  const opened = await openForChange(ports, principal, instanceId, applicationId, 'idaas:CreateApplicationClientSecret');
  if (!opened.ok) return opened;
  const now = ports.clock.now();
  const clientSecret = issueSecret(ports, now);
  const rotated = rotateSecret(opened.value, clientSecret, ports.secrets.hash, request.overlapSeconds, now);
  if (!rotated.ok) return rotated;
  return saved(ports, opened.value, rotated.value.application, { application: rotated.value.application, clientSecret });
};

/** The application's secrets by id and lifetime; never a secret or its hash. */
export const listClientSecrets = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  applicationId: string,
): Promise<Result<readonly Omit<ApplicationClientSecret, 'hash'>[], OpenError>> => {
  const opened = await openApplication(ports, principal, instanceId, applicationId, 'idaas:ListApplicationClientSecrets');
  if (!opened.ok) return opened;
  return ok(opened.value.clientSecrets.map(({ hash: _hash, ...shown }) => shown));
};

export const getLogonMethods = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  applicationId: string,
): Promise<Result<LogonMethods, OpenError>> => {
  const opened = await openApplication(ports, principal, instanceId, applicationId, 'idaas:GetApplicationLogonMethods');
  return opened.ok ? ok(opened.value.logonMethods) : opened;
};

/** Replaces the application's registration and logon settings whole. */
export const setLogonMethods = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  applicationId: string,
  methods: LogonMethods,
): Promise<Result<LogonMethods, WriteError | LogonMethodsError | ConcurrentModification>> => {
  const opened = await openForChange(ports, principal, instanceId, applicationId, 'idaas:SetApplicationLogonMethods');
  if (!opened.ok) return opened;
  const next = withLogonMethods(opened.value, methods, ports.clock.now());
  if (!next.ok) return next;
  return saved(ports, opened.value, next.value, next.value.logonMethods);
};
