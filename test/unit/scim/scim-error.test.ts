import { describe, expect, it } from 'vitest';
import {
  SCIM_TYPE_STATUS,
  invalidFilter,
  invalidPath,
  invalidSyntax,
  invalidValue,
  mutability,
  noTarget,
  notFound,
  preconditionFailed,
  scimErrorBody,
  tooMany,
  uniqueness,
  type ScimError,
} from '../../../domain/scim/scim-error';

describe('SCIM errors (RFC 7644 §3.12)', () => {
  it.each<[string, ScimError, number, string | undefined]>([
    ['invalidFilter', invalidFilter('x'), 400, 'invalidFilter'],
    ['invalidSyntax', invalidSyntax('x'), 400, 'invalidSyntax'],
    ['invalidPath', invalidPath('x'), 400, 'invalidPath'],
    ['noTarget', noTarget('x'), 400, 'noTarget'],
    ['invalidValue', invalidValue('x'), 400, 'invalidValue'],
    ['mutability', mutability('x'), 400, 'mutability'],
    ['uniqueness', uniqueness('x'), 409, 'uniqueness'],
    ['tooMany', tooMany('x'), 400, 'tooMany'],
    ['notFound', notFound('x'), 404, undefined],
    ['preconditionFailed', preconditionFailed('x'), 412, undefined],
  ])('%s carries its status and scimType', (_, e, status, scimType) => {
    expect(e.status).toBe(status);
    expect(e.scimType).toBe(scimType);
    expect(e.detail).toBe('x');
  });

  it('maps sensitive to 403 and every other scimType to 400 or 409', () => {
    expect(SCIM_TYPE_STATUS.sensitive).toBe(403);
    expect(SCIM_TYPE_STATUS.uniqueness).toBe(409);
  });

  it('renders the error body with the status as a string', () => {
    expect(scimErrorBody(uniqueness('userName "a" is taken'))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: 'userName "a" is taken',
    });
  });

  it('leaves scimType out when there is none', () => {
    const body = scimErrorBody(notFound('User u-1 not found'));
    expect(body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'User u-1 not found' });
    expect('scimType' in body).toBe(false);
  });
});
