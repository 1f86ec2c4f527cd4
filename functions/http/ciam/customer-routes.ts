import { createRoute, z } from '@hono/zod-openapi';
import { CUSTOMER_SOURCES, CUSTOMER_STATUSES, MAX_DISPLAY_NAME, MAX_EMAIL, MAX_USERNAME } from '../../../domain/ciam/customer';
import { CUSTOMER_PASSWORD_MAX, CUSTOMER_PASSWORD_MIN } from '../../../domain/ciam/customer-password-policy';
import { MAX_IMPORT_CLEAR_PASSWORDS, MAX_IMPORT_RECORDS } from '../../../domain/ciam/customer-use-cases';
import { BEARER, errorResponses, json, jsonBody, PageQuery } from '../management/schemas';
import { InstanceParams } from './schemas';

// The product calls an instance's end users accounts; the code calls them customers.
const tags = ['CIAM accounts'];
const base = '/api/v1/ciam/instances/{instanceId}/accounts';

export const CustomerIdParam = z
  .string()
  .regex(/^user_[a-z0-9]{1,40}$/)
  .openapi({ param: { name: 'customerId', in: 'path' }, example: 'user_0123456789abcdefghijklmnop' });
const CustomerParams = InstanceParams.extend({ customerId: CustomerIdParam });

// Bodies bound sizes and types only: the domain checks the rules and answers with a precise code
// (InvalidParameter.Username, .PhoneNumber, .Email, .Password, …).
const text = (max: number) => z.string().max(max);

const Account = z
  .object({
    customerId: z.string(),
    username: z.string(),
    displayName: z.string().optional(),
    phone: z.string().optional().openapi({ description: 'E.164, e.g. +8613800138000.' }),
    email: z.string().optional(),
    status: z.enum(CUSTOMER_STATUSES),
    source: z.enum(CUSTOMER_SOURCES),
    mustChangePassword: z.boolean(),
    passwordChangedAt: z.string().optional().openapi({ description: 'Absent while the account has no password.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastLogonAt: z.string().optional(),
  })
  .openapi('CiamAccount');

const NewAccount = z
  .strictObject({
    username: text(256).openapi({ description: `The account name: 1-${MAX_USERNAME} of letters, digits, ".", "_", "-", "@"; unique in the instance, case-insensitively.` }),
    password: text(1024).openapi({ description: `${CUSTOMER_PASSWORD_MIN}-${CUSTOMER_PASSWORD_MAX} characters, not the account name. Stored as an argon2id hash, never returned.` }),
    phone: text(64).openapi({ description: 'Unique in the instance. Without +<country code> it is read as a Chinese (+86) number.', example: '+86 138 0013 8000' }),
    email: text(MAX_EMAIL + 64).optional(),
    displayName: text(MAX_DISPLAY_NAME * 4).optional(),
    mustChangePassword: z.boolean().optional().openapi({ description: 'Default true: the customer chooses a new password at the first logon.' }),
  })
  .openapi('CreateCiamAccount');

const AccountChanges = z
  .strictObject({
    displayName: text(MAX_DISPLAY_NAME * 4).nullable().optional().openapi({ description: 'null removes it.' }),
    phone: text(64).optional().openapi({ description: 'Frees the old number and takes the new one in one write.' }),
    email: text(MAX_EMAIL + 64).nullable().optional().openapi({ description: 'null removes it.' }),
  })
  .refine((changes) => Object.keys(changes).length > 0, { message: 'give at least one of displayName, phone, email' })
  .openapi('UpdateCiamAccount');

const ListQuery = PageQuery.extend({
  status: z.enum(CUSTOMER_STATUSES).optional(),
  usernamePrefix: text(MAX_USERNAME).min(1).optional().openapi({ description: 'Case-insensitive.' }),
});

const ExportQuery = z.strictObject({
  maxResults: z.coerce.number().int().min(1).max(1000).default(100).openapi({ description: 'Accounts per page, 1-1000.' }),
  nextToken: z.string().max(2048).optional().openapi({ description: 'The X-Next-Token of the previous page.' }),
});

const ImportRecord = z
  .strictObject({
    username: z.string(),
    displayName: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    status: z.enum(CUSTOMER_STATUSES).optional(),
    password: z.string().max(1024).optional().openapi({ description: `A clear password, hashed on import (at most ${MAX_IMPORT_CLEAR_PASSWORDS} such records a request).` }),
    passwordHash: z.string().max(512).optional().openapi({ description: 'An argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash), kept as is.' }),
    mustChangePassword: z.boolean().optional(),
    passwordChangedAt: z.string().optional(),
    createdAt: z.string().optional(),
    lastLogonAt: z.string().optional(),
    // An export line's other fields, accepted so lines can be sent back as they are; the new account
    // gets its own id, source Import and a fresh updatedAt.
    customerId: z.string().optional(),
    source: z.enum(CUSTOMER_SOURCES).optional(),
    updatedAt: z.string().optional(),
  })
  .openapi('CiamAccountImportRecord');

const ImportResult = z
  .object({
    index: z.number().int(),
    customerId: z.string().optional(),
    code: z.string().optional(),
    message: z.string().optional(),
  })
  .openapi('CiamAccountImportResult');

export const createCustomerRoute = createRoute({
  method: 'post', path: base, tags, security: BEARER, summary: 'Create an account (account name, password and phone number)',
  request: { params: InstanceParams, body: jsonBody(NewAccount) },
  responses: { 201: json(Account, 'The account'), ...errorResponses(404, 409) },
});
export const listCustomersRoute = createRoute({
  method: 'get', path: base, tags, security: BEARER, summary: 'Accounts by account name, optionally filtered by status and name prefix',
  request: { params: InstanceParams, query: ListQuery },
  responses: { 200: json(z.object({ accounts: z.array(Account), nextToken: z.string().optional() }), 'A page of accounts'), ...errorResponses(404) },
});
// Custom methods in the AIP-136 form (`…/accounts:export`): Hono matches the colon literally there
// (a parameter starts a path segment), and the form cannot collide with an account id.
export const exportCustomersRoute = createRoute({
  method: 'get', path: `${base}:export`, tags, security: BEARER,
  summary: 'Export accounts as JSON lines, with their argon2id password hashes (a page per call)',
  request: { params: InstanceParams, query: ExportQuery },
  responses: {
    200: {
      description: 'One account a line (application/x-ndjson); the X-Next-Token header names the next page.',
      headers: { 'X-Next-Token': { description: 'Absent on the last page.', schema: { type: 'string' } } },
      content: { 'application/x-ndjson': { schema: z.string() } },
    },
    ...errorResponses(404),
  },
});
export const importCustomersRoute = createRoute({
  method: 'post', path: `${base}:import`, tags, security: BEARER,
  summary: `Import up to ${MAX_IMPORT_RECORDS} accounts; each record succeeds or fails on its own`,
  request: { params: InstanceParams, body: jsonBody(z.strictObject({ records: z.array(ImportRecord) }).openapi('ImportCiamAccounts')) },
  responses: {
    200: json(z.object({ imported: z.number().int(), failed: z.number().int(), results: z.array(ImportResult) }), 'One result per record, in order'),
    ...errorResponses(404, 409),
  },
});
export const getCustomerRoute = createRoute({
  method: 'get', path: `${base}/{customerId}`, tags, security: BEARER, summary: 'One account (never its password)',
  request: { params: CustomerParams }, responses: { 200: json(Account, 'The account'), ...errorResponses(404) },
});
export const updateCustomerRoute = createRoute({
  method: 'patch', path: `${base}/{customerId}`, tags, security: BEARER, summary: "Change an account's display name, phone number or e-mail",
  request: { params: CustomerParams, body: jsonBody(AccountChanges) }, responses: { 200: json(Account, 'The account'), ...errorResponses(404, 409) },
});
export const setCustomerStatusRoute = createRoute({
  method: 'put', path: `${base}/{customerId}/status`, tags, security: BEARER, summary: 'Enable or disable an account',
  request: { params: CustomerParams, body: jsonBody(z.strictObject({ status: z.enum(CUSTOMER_STATUSES) })) },
  responses: { 200: json(Account, 'The account'), ...errorResponses(404, 409) },
});
export const resetCustomerPasswordRoute = createRoute({
  method: 'put', path: `${base}/{customerId}/password`, tags, security: BEARER, summary: "Set an account's password",
  request: {
    params: CustomerParams,
    body: jsonBody(z.strictObject({ password: text(1024), mustChangePassword: z.boolean().optional().openapi({ description: 'Default true.' }) })),
  },
  responses: { 200: json(Account, 'The account'), ...errorResponses(404, 409) },
});
export const deleteCustomerRoute = createRoute({
  method: 'delete', path: `${base}/{customerId}`, tags, security: BEARER, summary: 'Delete an account: its name, phone number and e-mail become free',
  request: { params: CustomerParams }, responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

export const customerRoutes = [
  createCustomerRoute,
  listCustomersRoute,
  exportCustomersRoute,
  importCustomersRoute,
  getCustomerRoute,
  updateCustomerRoute,
  setCustomerStatusRoute,
  resetCustomerPasswordRoute,
  deleteCustomerRoute,
];
