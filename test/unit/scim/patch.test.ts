import { describe, expect, it } from 'vitest';
import { normalizePatch, type PatchOperation } from '../../../domain/scim/patch';
import { ENTERPRISE_USER_SCHEMA, PATCH_OP_SCHEMA } from '../../../domain/scim/schemas';
import { entraDisableUser, entraPathlessReplace, entraRemoveMember, entraUpdateUser } from './fixtures/entra-id';
import { OKTA_GROUP_ID, oktaDeactivateUser, oktaRenameGroup } from './fixtures/okta';
import { errorOf, valueOf } from './support';

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations });

/** The operations reduced to what a test compares: op, path text, value. */
const summary = (ops: PatchOperation[]) =>
  ops.map((o) => ({ op: o.op, ...(o.path ? { path: o.path.text } : {}), ...('value' in o ? { value: o.value } : {}) }));

describe('normalizePatch (RFC 7644 §3.5.2)', () => {
  it("reads Entra ID's capitalised ops and converts its string boolean", () => {
    expect(summary(valueOf(normalizePatch(entraDisableUser)))).toEqual([{ op: 'replace', path: 'active', value: false }]);
  });

  it("expands Okta's path-less replace", () => {
    expect(summary(valueOf(normalizePatch(oktaDeactivateUser)))).toEqual([{ op: 'replace', path: 'active', value: false }]);
  });

  it('expands a path-less replace with dotted and URN-qualified keys into one operation per attribute', () => {
    expect(summary(valueOf(normalizePatch(entraPathlessReplace)))).toEqual([
      { op: 'replace', path: 'displayName', value: 'Adele V.' },
      { op: 'replace', path: 'name.givenName', value: 'Adèle' },
      { op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:department`, value: 'Sales' },
      { op: 'replace', path: 'active', value: false },
    ]);
  });

  it('parses the paths of operations', () => {
    const [email, family, manager] = valueOf(normalizePatch(entraUpdateUser));
    expect(email?.path).toMatchObject({ attribute: 'emails', subAttribute: 'value', filter: { kind: 'compare', path: 'type', op: 'eq', value: 'work' } });
    expect(family?.path).toMatchObject({ attribute: 'name', subAttribute: 'familyName' });
    expect(manager?.path).toMatchObject({ schema: ENTERPRISE_USER_SCHEMA, attribute: 'manager' });
    expect(manager?.path?.subAttribute).toBeUndefined();
  });

  it('expands a whole extension object into its attributes', () => {
    const ops = valueOf(normalizePatch(patch({ op: 'add', value: { [ENTERPRISE_USER_SCHEMA]: { department: 'X', manager: { value: 'u-9' } } } })));
    expect(summary(ops)).toEqual([
      { op: 'add', path: `${ENTERPRISE_USER_SCHEMA}:department`, value: 'X' },
      { op: 'add', path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: { value: 'u-9' } },
    ]);
  });

  it('keeps an unknown extension object whole, for the applier to judge', () => {
    const [op] = valueOf(normalizePatch(patch({ op: 'replace', value: { 'urn:example:ext:1.0:Group': { a: 1 } } })));
    expect(op?.path).toEqual({ text: 'urn:example:ext:1.0:Group', schema: 'urn:example:ext:1.0:Group' });
  });

  it("keeps Okta's id in a group rename for the planner to compare", () => {
    expect(summary(valueOf(normalizePatch(oktaRenameGroup)))).toEqual([
      { op: 'replace', path: 'id', value: OKTA_GROUP_ID },
      { op: 'replace', path: 'displayName', value: 'Test SCIMv2 renamed' },
    ]);
  });

  it('keeps the value array of a member removal', () => {
    expect(summary(valueOf(normalizePatch(entraRemoveMember)))).toEqual([
      { op: 'remove', path: 'members', value: [{ $ref: null, value: '5171a35d82074e068ce2' }] },
    ]);
  });

  it.each<[string, unknown, unknown]>([
    ['primary sent as a string', { op: 'replace', path: 'emails[type eq "work"].primary', value: 'TRUE' }, true],
    ['a string for a string attribute', { op: 'replace', path: 'title', value: 'False' }, 'False'],
    ['active sent as a real boolean', { op: 'replace', path: 'active', value: true }, true],
  ])('converts only boolean attributes: %s', (_, op, value) => {
    expect(valueOf(normalizePatch(patch(op)))[0]?.value).toEqual(value);
  });

  it.each<[string, unknown]>([
    ['member names in any case', { SCHEMAS: [PATCH_OP_SCHEMA], operations: [{ OP: 'ADD', Path: 'title', Value: 'x' }] }],
    ['the PatchOp URN in any case', { schemas: [PATCH_OP_SCHEMA.toUpperCase()], Operations: [{ op: 'add', path: 'title', value: 'x' }] }],
  ])('accepts %s', (_, body) => {
    expect(summary(valueOf(normalizePatch(body)))).toEqual([{ op: 'add', path: 'title', value: 'x' }]);
  });

  it('leaves a remove without a path for the appliers to refuse with noTarget', () => {
    expect(summary(valueOf(normalizePatch(patch({ op: 'remove' }))))).toEqual([{ op: 'remove' }]);
  });

  it('treats an empty path as no path', () => {
    expect(summary(valueOf(normalizePatch(patch({ op: 'replace', path: '', value: { title: 'x' } }))))).toEqual([
      { op: 'replace', path: 'title', value: 'x' },
    ]);
  });

  it.each<[string, unknown, string, string]>([
    ['a body that is not an object', 'x', 'invalidSyntax', 'JSON object'],
    ['missing schemas', { Operations: [{ op: 'add', path: 'title', value: 'x' }] }, 'invalidSyntax', PATCH_OP_SCHEMA],
    ['the wrong schema', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: [] }, 'invalidSyntax', PATCH_OP_SCHEMA],
    ['no operations', patch(), 'invalidSyntax', 'non-empty array'],
    ['operations that are not an array', { schemas: [PATCH_OP_SCHEMA], Operations: {} }, 'invalidSyntax', 'non-empty array'],
    ['an operation that is not an object', patch('add'), 'invalidSyntax', 'Operations[0] must be an object'],
    ['an unknown op', patch({ op: 'merge', path: 'title', value: 'x' }), 'invalidSyntax', 'Operations[0].op'],
    ['a missing op', patch({ path: 'title', value: 'x' }), 'invalidSyntax', 'Operations[0].op'],
    ['an add without a value', patch({ op: 'add', path: 'title' }), 'invalidSyntax', 'requires a value'],
    ['a path-less replace of a scalar', patch({ op: 'replace', value: 'x' }), 'invalidSyntax', 'object of attributes'],
    ['a path that is not a string', patch({ op: 'remove', path: 7 }), 'invalidPath', 'must be a string'],
    ['a malformed path', patch({ op: 'remove', path: 'emails[type eq "work"' }), 'invalidPath', "'[' is not closed"],
    ['a malformed filter in a path', patch({ op: 'remove', path: 'emails[type xx "work"]' }), 'invalidPath', "unknown operator 'xx'"],
    ['a path with junk after the filter', patch({ op: 'remove', path: 'emails[type eq "work"]value' }), 'invalidPath', 'after the value filter'],
    ['a path of three names', patch({ op: 'remove', path: 'a.b.c' }), 'invalidPath', 'not an attribute path'],
    ['a malformed path-less key', patch({ op: 'add', value: { 'name..x': 'y' } }), 'invalidPath', 'name..x'],
    ['an extension object that is not an object', patch({ op: 'add', value: { [ENTERPRISE_USER_SCHEMA]: 'x' } }), 'invalidValue', 'must be an object'],
  ])('refuses %s', (_, body, scimType, detail) => {
    const e = errorOf(normalizePatch(body));
    expect(e).toMatchObject({ status: 400, scimType });
    expect(e.detail).toContain(detail);
  });

  it('parses a filter whose quoted value holds brackets and colons', () => {
    const [op] = valueOf(normalizePatch(patch({ op: 'remove', path: 'emails[value eq "mailto:a]b@x"].display' })));
    expect(op?.path).toMatchObject({ attribute: 'emails', subAttribute: 'display', filter: { value: 'mailto:a]b@x' } });
  });
});
