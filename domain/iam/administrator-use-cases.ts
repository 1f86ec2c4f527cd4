import type { AdministratorId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import {
  changeAdministrator,
  newAdministrator,
  type Administrator,
  type AdministratorChanges,
  type AdministratorInputError,
  type NewAdministrator,
} from './administrator';
import { checkGrantable, type EscalationRefused } from './grant-check';
import type { IamPorts } from './iam-ports';
import type { AdministratorNameTaken } from './ports';
import { authorize, type Forbidden, type Principal } from './principal';

export type AdministratorMissing = Failure<'EntityNotExists.Administrator'>;
export type SelfDeletion = Failure<'Administrator.CannotDeleteSelf'>;

const missing = (id: string) => fail('EntityNotExists.Administrator', `Administrator ${id} does not exist.`);

export const createAdministrator = async (
  ports: IamPorts,
  principal: Principal,
  input: NewAdministrator,
): Promise<Result<Administrator, Forbidden | EscalationRefused | AdministratorInputError | AdministratorNameTaken>> => {
  const allowed = authorize(principal, 'ram:CreateUser');
  if (!allowed.ok) return allowed;
  const grant = checkGrantable(principal, input.policies ?? []);
  if (!grant.ok) return grant;
  const admin = newAdministrator(principal.accountId, ports.ids.administratorId(), input, ports.clock.now());
  if (!admin.ok) return admin;
  const saved = await ports.administrators.create(admin.value);
  return saved.ok ? ok(admin.value) : saved;
};

export const getAdministrator = async (
  ports: IamPorts,
  principal: Principal,
  id: AdministratorId,
): Promise<Result<Administrator, Forbidden | AdministratorMissing>> => {
  const allowed = authorize(principal, 'ram:GetUser');
  if (!allowed.ok) return allowed;
  const admin = await ports.administrators.get(principal.accountId, id);
  return admin ? ok(admin) : missing(id);
};

export const listAdministrators = async (
  ports: IamPorts,
  principal: Principal,
  page: PageRequest,
): Promise<Result<Page<Administrator>, Forbidden | InvalidNextToken>> => {
  const allowed = authorize(principal, 'ram:ListUsers');
  if (!allowed.ok) return allowed;
  return ports.administrators.list(principal.accountId, page);
};

export const updateAdministrator = async (
  ports: IamPorts,
  principal: Principal,
  id: AdministratorId,
  changes: AdministratorChanges,
): Promise<
  Result<Administrator, Forbidden | EscalationRefused | AdministratorMissing | AdministratorInputError | ConcurrentModification>
> => {
  const allowed = authorize(principal, 'ram:UpdateUser');
  if (!allowed.ok) return allowed;
  const grant = checkGrantable(principal, changes.policies ?? []);
  if (!grant.ok) return grant;
  const current = await ports.administrators.get(principal.accountId, id);
  if (!current) return missing(id);
  const next = changeAdministrator(current, changes, ports.clock.now());
  if (!next.ok) return next;
  const saved = await ports.administrators.update(next.value, current.version);
  return saved.ok ? ok(next.value) : saved;
};

export const deleteAdministrator = async (
  ports: IamPorts,
  principal: Principal,
  id: AdministratorId,
): Promise<Result<void, Forbidden | AdministratorMissing | SelfDeletion | ConcurrentModification>> => {
  const allowed = authorize(principal, 'ram:DeleteUser');
  if (!allowed.ok) return allowed;
  // Deleting oneself would lock an administrator out mid-session; another principal must do it.
  if (principal.kind === 'administrator' && principal.administratorId === id) {
    return fail('Administrator.CannotDeleteSelf', 'An administrator cannot delete itself.');
  }
  const current = await ports.administrators.get(principal.accountId, id);
  if (!current) return missing(id);
  return ports.administrators.delete(current);
};
