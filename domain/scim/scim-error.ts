import { ERROR_SCHEMA } from './schema-urns';

/** The `scimType` error keywords of RFC 7644 §3.12 (Table 9). */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export type ScimErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 429 | 500 | 501;

/** A SCIM protocol failure: the HTTP status, the RFC 7644 §3.12 `scimType` when one applies, and a detail. */
export type ScimError = {
  readonly status: ScimErrorStatus;
  readonly scimType?: ScimType;
  readonly detail: string;
};

// RFC 7644 §3.12 Table 9: each scimType belongs to exactly one status.
export const SCIM_TYPE_STATUS = {
  invalidFilter: 400,
  tooMany: 400,
  uniqueness: 409,
  mutability: 400,
  invalidSyntax: 400,
  invalidPath: 400,
  noTarget: 400,
  invalidValue: 400,
  invalidVers: 400,
  sensitive: 403,
} as const satisfies Record<ScimType, ScimErrorStatus>;

const typed = (scimType: ScimType) => (detail: string): ScimError => ({
  status: SCIM_TYPE_STATUS[scimType],
  scimType,
  detail,
});

export const invalidFilter = typed('invalidFilter');
export const tooMany = typed('tooMany');
export const uniqueness = typed('uniqueness');
export const mutability = typed('mutability');
export const invalidSyntax = typed('invalidSyntax');
export const invalidPath = typed('invalidPath');
export const noTarget = typed('noTarget');
export const invalidValue = typed('invalidValue');
export const invalidVers = typed('invalidVers');
export const sensitive = typed('sensitive');

// RFC 7644 §3.12: statuses without a scimType.
export const notFound = (detail: string): ScimError => ({ status: 404, detail });
export const preconditionFailed = (detail: string): ScimError => ({ status: 412, detail });

/** The RFC 7644 §3.12 error response body; `status` is a string there, not a number. */
export type ScimErrorBody = {
  readonly schemas: readonly [typeof ERROR_SCHEMA];
  readonly status: string;
  readonly scimType?: ScimType;
  readonly detail: string;
};

export const scimErrorBody = (e: ScimError): ScimErrorBody => ({
  schemas: [ERROR_SCHEMA],
  status: String(e.status),
  ...(e.scimType === undefined ? {} : { scimType: e.scimType }),
  detail: e.detail,
});
