import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './schema-urns';

// RFC 7643 §2.3 data types and §2.2 characteristics, spelled as they appear in schema representations (§7).
export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export type AttributeDefinition = {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
};

export type SchemaDefinition = {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
};

export type ResourceKind = 'User' | 'Group';

type Overrides = Partial<Omit<AttributeDefinition, 'name' | 'description'>>;

// RFC 7643 §2.2: the defaults that apply when a characteristic is not given.
const attr = (name: string, description: string, o: Overrides = {}): AttributeDefinition => ({
  name,
  type: 'string',
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...o,
});

const complex = (name: string, description: string, subAttributes: AttributeDefinition[], o: Overrides = {}) =>
  attr(name, description, { type: 'complex', subAttributes, ...o });

const primary = attr('primary', 'Whether this is the preferred value; "true" appears at most once.', { type: 'boolean' });

// A plural attribute as RFC 7643 §2.4 shapes them (value, display, type, primary).
const plural = (name: string, description: string, types: string[]) =>
  complex(
    name,
    description,
    [
      attr('value', `The ${name} value.`),
      attr('display', 'A human-readable name, primarily used for display purposes.'),
      attr('type', 'A label indicating the function of the value.', { canonicalValues: types }),
      primary,
    ],
    { multiValued: true },
  );

/**
 * Attributes every resource carries (RFC 7643 §3.1). They belong to no schema, so they are not listed in
 * the schema representations, but filters, PATCH paths and projections may name them.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  attr('id', 'Unique identifier for the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attr('externalId', "The provisioning client's identifier for the resource; unique in the directory.", {
    caseExact: true,
  }),
  complex(
    'meta',
    'Resource metadata.',
    [
      attr('resourceType', 'The name of the resource type.', { mutability: 'readOnly', caseExact: true }),
      attr('created', 'When the resource was added to the service provider.', { type: 'dateTime', mutability: 'readOnly' }),
      attr('lastModified', 'When the resource was last updated.', { type: 'dateTime', mutability: 'readOnly' }),
      attr('location', 'The URI of the resource.', { type: 'reference', referenceTypes: ['uri'], mutability: 'readOnly', caseExact: true }),
      attr('version', 'The version (entity tag) of the resource.', { mutability: 'readOnly', caseExact: true }),
    ],
    { mutability: 'readOnly' },
  ),
];

/** RFC 7643 §4.1, limited to what Atrium stores (no ims, photos, entitlements, roles, x509Certificates). */
export const USER_SCHEMA_DEFINITION: SchemaDefinition = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'Unique identifier for the User, used to sign in; unique in the directory regardless of case.', {
      required: true,
      uniqueness: 'server',
    }),
    complex('name', "The components of the user's real name.", [
      attr('formatted', 'The full name, formatted for display.'),
      attr('familyName', 'The family name (last name).'),
      attr('givenName', 'The given name (first name).'),
      attr('middleName', 'The middle name(s).'),
      attr('honorificPrefix', 'The honorific prefix(es), e.g. "Ms.".'),
      attr('honorificSuffix', 'The honorific suffix(es), e.g. "III".'),
    ]),
    attr('displayName', 'The name of the User, suitable for display to end-users.'),
    attr('nickName', 'The casual way to address the user.'),
    attr('profileUrl', "A URI that points to the user's online profile.", { type: 'reference', referenceTypes: ['external'] }),
    attr('title', "The user's title, such as \"Vice President\"."),
    attr('userType', 'The relationship between the organization and the user, e.g. "Employee".'),
    attr('preferredLanguage', "The user's preferred written or spoken language (RFC 7231 Accept-Language)."),
    attr('locale', "The user's default location for localization, e.g. \"en-US\"."),
    attr('timezone', "The user's time zone in IANA Time Zone database format, e.g. \"Europe/Paris\"."),
    attr('active', "The user's administrative status; false disables sign-in.", { type: 'boolean' }),
    // RFC 7643 §4.1.1: write-only and never returned. Atrium accepts it on input and never stores it in the profile.
    attr('password', "The user's cleartext password; never returned.", { mutability: 'writeOnly', returned: 'never' }),
    plural('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
    plural('phoneNumbers', 'Phone numbers for the user.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    complex(
      'addresses',
      'Physical mailing addresses for the user.',
      [
        attr('formatted', 'The full mailing address, formatted for display.'),
        attr('streetAddress', 'The full street address component.'),
        attr('locality', 'The city or locality component.'),
        attr('region', 'The state or region component.'),
        attr('postalCode', 'The zip code or postal code component.'),
        attr('country', 'The country name component (ISO 3166-1 alpha-2).'),
        attr('type', 'A label indicating the function of the address.', { canonicalValues: ['work', 'home', 'other'] }),
        primary,
      ],
      { multiValued: true },
    ),
    complex(
      'groups',
      'The groups the user belongs to; change membership through the Group resource.',
      [
        attr('value', 'The identifier of the group.', { mutability: 'readOnly', caseExact: true }),
        attr('$ref', 'The URI of the group.', { type: 'reference', referenceTypes: ['Group'], mutability: 'readOnly' }),
        attr('display', 'The display name of the group.', { mutability: 'readOnly' }),
        attr('type', 'Direct membership only: Atrium has no nested groups.', {
          mutability: 'readOnly',
          canonicalValues: ['direct'],
        }),
      ],
      { multiValued: true, mutability: 'readOnly' },
    ),
  ],
};

/** RFC 7643 §4.3. */
export const ENTERPRISE_USER_SCHEMA_DEFINITION: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'A string identifier, typically numeric or alphanumeric, assigned to a person.'),
    attr('costCenter', 'Identifies the name of a cost center.'),
    attr('organization', 'Identifies the name of an organization.'),
    attr('division', 'Identifies the name of a division.'),
    attr('department', 'Identifies the name of a department.'),
    complex('manager', "The user's manager.", [
      attr('value', 'The id of the manager as a SCIM User.', { caseExact: true }),
      // Derived from `value` on output; a value sent by a client is ignored.
      attr('$ref', 'The URI of the manager.', { type: 'reference', referenceTypes: ['User'], mutability: 'readOnly' }),
      // RFC 7643 §4.3 makes it read-only; Atrium stores what the IdP sends so that it reads it back.
      attr('displayName', 'The displayName of the manager.'),
    ]),
  ],
};

/** RFC 7643 §4.2. `displayName` is unique in the directory regardless of case. */
export const GROUP_SCHEMA_DEFINITION: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'A human-readable name for the Group; unique in the directory regardless of case.', {
      required: true,
      uniqueness: 'server',
    }),
    complex(
      'members',
      'The members of the Group: users only (no nested groups).',
      [
        attr('value', 'The id of the member user.', { mutability: 'immutable', caseExact: true }),
        attr('$ref', 'The URI of the member.', { type: 'reference', referenceTypes: ['User'], mutability: 'readOnly' }),
        attr('display', 'The display name of the member.', { mutability: 'readOnly' }),
        attr('type', 'The type of the member.', { mutability: 'immutable', canonicalValues: ['User'] }),
      ],
      { multiValued: true },
    ),
  ],
};

export type ResourceSchemas = {
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaDefinition[];
};

export const RESOURCE_SCHEMAS: Readonly<Record<ResourceKind, ResourceSchemas>> = {
  User: { core: USER_SCHEMA_DEFINITION, extensions: [ENTERPRISE_USER_SCHEMA_DEFINITION] },
  Group: { core: GROUP_SCHEMA_DEFINITION, extensions: [] },
};

/** Every schema a resource of this kind may carry, core first. */
export const schemaIdsOf = (kind: ResourceKind): readonly string[] => [
  RESOURCE_SCHEMAS[kind].core.id,
  ...RESOURCE_SCHEMAS[kind].extensions.map((s) => s.id),
];

export const ALL_SCHEMA_IDS: readonly string[] = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA];

export const findAttribute = (
  attributes: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined => {
  const lower = name.toLowerCase();
  return attributes.find((a) => a.name.toLowerCase() === lower);
};
