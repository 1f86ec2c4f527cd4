import { z } from 'zod';
import { byPrincipal } from '../../../../domain/directory/actor';
import type { DirectoryUser } from '../../../../domain/directory/user';
import {
  createUser,
  deleteUser,
  findUser,
  getUser,
  listUsers,
  setUserStatus,
  updateUser,
} from '../../../../domain/directory/user-use-cases';
import { resetUserPassword } from '../../../../domain/logon/portal-logon';
import type { DirectoryId, UserId } from '../../../../domain/shared/ids';
import { err, fail, ok } from '../../../../domain/shared/result';
import { invalid, missing } from '../rpc-failure';
import { operation } from '../rpc-operation';
import { pop } from '../rpc-params';
import { pageOf, pagingOf } from '../rpc-paging';
import { DirectoryIdParam } from './directory';

export const UserIdParam = { UserId: pop.id<UserId>() };

/**
 * CloudSSO's `Filter`: `<Attribute> <Operator> <Value>`, case-insensitive, `eq` or `sw` on one
 * attribute. Only the parse lives here; what a match is stays the repository's (case-insensitive
 * key lookups). Anything else is InvalidParameter.Filter.
 */
export const popFilter = (attribute: string) =>
  pop.string(256).transform((raw, ctx) => {
    const m = /^\s*(\S+)\s+(eq|sw)\s+"?([^"]+?)"?\s*$/i.exec(raw);
    if (!m || m[1]!.toLowerCase() !== attribute.toLowerCase()) {
      ctx.addIssue({ code: 'custom', message: `give "${attribute} eq <value>" or "${attribute} sw <prefix>"` });
      return z.NEVER;
    }
    return { operator: m[2]!.toLowerCase() as 'eq' | 'sw', value: m[3]! };
  });

const optional = <K extends string>(key: K, value: string | undefined) => (value !== undefined ? ({ [key]: value } as Record<K, string>) : {});

/** A user as CloudSSO's API shows it (`User` in GetUser, `Users` in ListUsers, …). */
export const popUser = (u: DirectoryUser) => ({
  UserId: u.id,
  UserName: u.userName,
  ...optional('DisplayName', u.displayName),
  ...optional('FirstName', u.firstName),
  ...optional('LastName', u.lastName),
  ...optional('Email', u.email),
  ...optional('Description', u.description),
  Status: u.status,
  ProvisionType: u.provisionType,
  // SCIM is the only way an external id is written, so it is the issuer.
  ...(u.externalId !== undefined ? { ExternalId: { Id: u.externalId, Issuer: 'SCIM' } } : {}),
  Tags: u.tags.map((t) => ({ Key: t.key, Value: t.value })),
  CreateTime: u.createdAt,
  UpdateTime: u.updatedAt,
});

const Status = z.enum(['Enabled', 'Disabled']);
/** ResetUserPassword's flags are documented as `True`/`False`; the SDKs send `true`/`false`: both are taken. */
const flag = () => z.enum(['true', 'false', 'True', 'False']).transform((v) => v.toLowerCase() === 'true');
const Tag = z.object({ Key: pop.string(), Value: pop.text().default('') });

/** The directory's users: CreateUser … ResetUserPassword. */
export const userOperations = [
  operation({
    action: 'CreateUser',
    params: z.object({
      ...DirectoryIdParam,
      UserName: pop.string(),
      DisplayName: pop.text().optional(),
      FirstName: pop.text().optional(),
      LastName: pop.text().optional(),
      Email: pop.text().optional(),
      Description: pop.text().optional(),
      Status: Status.default('Enabled'),
      Tags: pop.list(Tag).optional(),
    }),
    audit: 'cloudsso:CreateUser',
    run: async ({ deps, principal }, p) => {
      const out = await createUser(deps, byPrincipal(principal), p.DirectoryId, {
        userName: p.UserName,
        displayName: p.DisplayName,
        firstName: p.FirstName,
        lastName: p.LastName,
        email: p.Email,
        description: p.Description,
        status: p.Status,
        tags: p.Tags?.map((t) => ({ key: t.Key, value: t.Value })),
      });
      return out.ok ? ok({ User: popUser(out.value) }) : out;
    },
  }),
  operation({
    action: 'GetUser',
    params: z.object({ ...DirectoryIdParam, ...UserIdParam }),
    run: async ({ deps, principal }, p) => {
      const out = await getUser(deps, byPrincipal(principal), p.DirectoryId, p.UserId);
      return out.ok ? ok({ User: popUser(out.value) }) : out;
    },
  }),
  operation({
    // The CloudSSO user an IdP's identifier stands for (SCIM's externalId).
    action: 'GetUserId',
    params: z.object({
      ...DirectoryIdParam,
      ExternalId: z.object({ Id: pop.string(256), Issuer: z.literal('SCIM').optional() }),
    }),
    run: async ({ deps, principal }, p) => {
      const out = await findUser(deps, byPrincipal(principal), p.DirectoryId, { externalId: p.ExternalId.Id });
      if (!out.ok) return out;
      return out.value ? ok({ UserId: out.value.id }) : fail('EntityNotExists.User', `No user has the external id ${p.ExternalId.Id}.`);
    },
  }),
  operation({
    action: 'ListUsers',
    params: z.object({
      ...DirectoryIdParam,
      ...pop.paging(),
      Filter: popFilter('UserName').optional(),
      Status: Status.optional(),
      ProvisionType: z.enum(['Manual', 'Synchronized']).optional(),
      // The directory keeps tags but has no way to list by them.
      Tags: pop.unsupported('listing users by tag is not supported'),
    }),
    run: async ({ deps, principal }, p) => {
      const page = pageOf(p);
      const out = await listUsers(
        deps,
        byPrincipal(principal),
        p.DirectoryId,
        {
          userNameEquals: p.Filter?.operator === 'eq' ? p.Filter.value : undefined,
          userNamePrefix: p.Filter?.operator === 'sw' ? p.Filter.value : undefined,
          status: p.Status,
          provisionType: p.ProvisionType,
        },
        page,
      );
      return out.ok ? ok({ Users: out.value.items.map(popUser), ...pagingOf(out.value, page) }) : out;
    },
  }),
  operation({
    action: 'UpdateUser',
    params: z.object({
      ...DirectoryIdParam,
      ...UserIdParam,
      NewDisplayName: pop.text().optional(),
      NewFirstName: pop.text().optional(),
      NewLastName: pop.text().optional(),
      NewEmail: pop.text().optional(),
      NewDescription: pop.text().optional(),
    }).refine(
      (p) => [p.NewDisplayName, p.NewFirstName, p.NewLastName, p.NewEmail, p.NewDescription].some((v) => v !== undefined),
      'Give at least one of NewDisplayName, NewFirstName, NewLastName, NewEmail and NewDescription.',
    ),
    audit: 'cloudsso:UpdateUser',
    run: async ({ deps, principal }, p) => {
      const out = await updateUser(deps, byPrincipal(principal), p.DirectoryId, p.UserId, {
        displayName: p.NewDisplayName,
        firstName: p.NewFirstName,
        lastName: p.NewLastName,
        email: p.NewEmail,
        description: p.NewDescription,
      });
      return out.ok ? ok({ User: popUser(out.value) }) : out;
    },
  }),
  operation({
    action: 'UpdateUserStatus',
    params: z.object({ ...DirectoryIdParam, ...UserIdParam, NewStatus: Status }),
    audit: 'cloudsso:UpdateUserStatus',
    run: async ({ deps, principal }, p) => {
      const out = await setUserStatus(deps, byPrincipal(principal), p.DirectoryId, p.UserId, p.NewStatus);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'DeleteUser',
    params: z.object({ ...DirectoryIdParam, ...UserIdParam }),
    audit: 'cloudsso:DeleteUser',
    run: async ({ deps, principal }, p) => {
      const out = await deleteUser(deps, byPrincipal(principal), p.DirectoryId, p.UserId);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    // Either a Password or GenerateRandomPassword=true (then the generated one is answered, once).
    // RequirePasswordResetForNextLogin defaults to false, as in CloudSSO (the REST API's to true).
    action: 'ResetUserPassword',
    params: z.object({
      ...DirectoryIdParam,
      ...UserIdParam,
      Password: pop.string(128).optional(),
      GenerateRandomPassword: flag().default(false),
      RequirePasswordResetForNextLogin: flag().default(false),
    }),
    audit: 'cloudsso:ResetUserPassword',
    run: async ({ deps, principal }, p) => {
      if (p.GenerateRandomPassword && p.Password !== undefined) return err(invalid('Password', 'give Password or GenerateRandomPassword=true, not both'));
      if (!p.GenerateRandomPassword && p.Password === undefined) return err(missing('Password'));
      const out = await resetUserPassword(deps, principal, p.DirectoryId, p.UserId, { password: p.Password, mustChange: p.RequirePasswordResetForNextLogin });
      return out.ok ? ok(out.value.password !== undefined ? { NewPassword: out.value.password } : {}) : out;
    },
  }),
];
