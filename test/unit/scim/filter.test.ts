import { describe, expect, it } from 'vitest';
import type { GroupId, UserId } from '../../../domain/shared/ids';
import { parseFilter, type FilterLookup } from '../../../domain/scim/filter';
import { groupToScim } from '../../../domain/scim/group-mapping';
import { ENTERPRISE_USER_SCHEMA } from '../../../domain/scim/schemas';
import { userToScim } from '../../../domain/scim/user-mapping';
import { ENTRA_GROUP_ID, ENTRA_USER_ID, entraFilters } from './fixtures/entra-id';
import { oktaListQuery } from './fixtures/okta';
import { BASE, aGroup, aUser, errorOf, valueOf } from './support';

const alice = userToScim(
  aUser({
    scim: {
      title: 'Engineer',
      emails: [
        { value: 'alice@example.com', type: 'work', primary: true },
        { value: 'alice@home.example', type: 'home' },
      ],
      enterprise: { department: 'R&D', manager: { value: 'u-9' } },
    },
  }),
  { baseUrl: BASE, groups: [{ id: 'g-1', displayName: 'engineering' }] },
);
const bob = userToScim(
  aUser({
    id: 'u-2' as UserId,
    userName: 'Bob',
    displayName: 'Bob',
    firstName: 'Bob',
    lastName: 'Builder',
    email: 'bob@other.example',
    externalId: 'EXT-bob',
    status: 'Disabled',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
  }),
  { baseUrl: BASE },
);

const matching = (filter: string): string[] => {
  const plan = valueOf(parseFilter(filter, 'User'));
  return [alice, bob].filter((u) => plan.matches(u)).map((u) => String(u['userName']));
};

describe('parseFilter: User predicates (RFC 7644 §3.4.2.2)', () => {
  it.each<[string, string[]]>([
    ['userName eq "alice@example.com"', ['alice@example.com']],
    ['USERNAME EQ "ALICE@EXAMPLE.COM"', ['alice@example.com']],
    ['userName ne "bob"', ['alice@example.com']],
    ['userName co "EXAMPLE"', ['alice@example.com']],
    ['userName sw "al"', ['alice@example.com']],
    ['userName ew ".COM"', ['alice@example.com']],
    ['userName gt "b"', ['Bob']],
    ['userName gt "bob"', []],
    ['userName ge "b"', ['Bob']],
    ['userName lt "b"', ['alice@example.com']],
    ['userName le "alice@example.com"', ['alice@example.com']],
    ['externalId eq "ext-bob"', []],
    ['externalId eq "EXT-bob"', ['Bob']],
    ['id eq "U-1"', []],
    ['id eq "u-1"', ['alice@example.com']],
    ['active eq true', ['alice@example.com']],
    ['active eq false', ['Bob']],
    ['active eq "False"', ['Bob']],
    ['title pr', ['alice@example.com']],
    ['not (title pr)', ['Bob']],
    ['title eq null', ['Bob']],
    ['title ne null', ['alice@example.com']],
    ['title ne "Engineer"', ['Bob']],
    ['name.familyName eq "builder"', ['Bob']],
    ['emails.value co "@home"', ['alice@example.com']],
    ['emails co "@other"', ['Bob']],
    ['emails.type eq "home"', ['alice@example.com']],
    ['emails.type ne "work"', []],
    ['emails[type eq "work" and value co "@example.com"]', ['alice@example.com']],
    ['emails[type eq "home" and value co "@example.com"]', []],
    ['emails[not (type eq "work")]', ['alice@example.com']],
    ['emails[primary eq true]', ['alice@example.com', 'Bob']],
    [`${ENTERPRISE_USER_SCHEMA}:department eq "r&d"`, ['alice@example.com']],
    [`${ENTERPRISE_USER_SCHEMA}:manager.value eq "u-9"`, ['alice@example.com']],
    [`${ENTERPRISE_USER_SCHEMA}:manager eq "u-9"`, ['alice@example.com']],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bob"', ['Bob']],
    ['meta.lastModified gt "2026-06-01T00:00:00Z"', ['alice@example.com']],
    ['meta.created lt "2026-06-01T00:00:00+02:00"', ['Bob']],
    ['meta.created eq "2026-01-01T00:00:00Z"', ['Bob']],
    ['meta.resourceType eq "User"', ['alice@example.com', 'Bob']],
    ['groups.value eq "g-1"', ['alice@example.com']],
    ['userName eq "bob" or active eq true', ['alice@example.com', 'Bob']],
    ['userName eq "bob" and active eq true', []],
    ['active eq true or userName eq "bob" and title pr', ['alice@example.com']],
    ['(active eq true or userName eq "bob") and not (title pr)', ['Bob']],
    ['not (userName eq "bob") and not (active eq false)', ['alice@example.com']],
    ['((((userName eq "bob"))))', ['Bob']],
    ['userName eq "a\\"b"', []],
    ['userName eq "\\u0062ob"', ['Bob']],
  ])('%s', (filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });
});

describe('parseFilter: lookups', () => {
  it.each<[string, 'User' | 'Group', FilterLookup | undefined]>([
    [oktaListQuery.filter, 'User', { attribute: 'userName', value: 'test.user@okta.local' }],
    [entraFilters.userName, 'User', { attribute: 'userName', value: 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081' }],
    [entraFilters.externalId, 'User', { attribute: 'externalId', value: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef' }],
    ['UserName Eq "A"', 'User', { attribute: 'userName', value: 'A' }],
    ['userName eq "a" and active eq true', 'User', { attribute: 'userName', value: 'a' }],
    ['active eq true and (userName eq "a" and externalId eq "x")', 'User', undefined],
    ['userName eq "a" and externalId eq "x"', 'User', { attribute: 'externalId', value: 'x' }],
    ['userName eq "a" and id eq "u-1"', 'User', { attribute: 'id', value: 'u-1' }],
    ['userName eq "a" or userName eq "b"', 'User', undefined],
    ['not (userName eq "a")', 'User', undefined],
    ['userName co "a"', 'User', undefined],
    ['displayName eq "Alice"', 'User', undefined],
    [entraFilters.groupByName, 'Group', { attribute: 'displayName', value: 'Retail' }],
    ['externalId eq "x"', 'Group', { attribute: 'externalId', value: 'x' }],
    ['members[value eq "u-1"]', 'Group', { attribute: 'members.value', value: 'u-1' }],
    ['members.value eq "u-1"', 'Group', { attribute: 'members.value', value: 'u-1' }],
    [entraFilters.membership, 'Group', { attribute: 'members.value', value: ENTRA_USER_ID }],
    ['displayName sw "eng"', 'Group', undefined],
  ])('%s on %s', (filter, kind, lookup) => {
    expect(valueOf(parseFilter(filter, kind)).lookup).toEqual(lookup);
  });

  it('keeps the other conditions in matches and residual', () => {
    const plan = valueOf(parseFilter('userName eq "alice@example.com" and active eq false', 'User'));
    expect(plan.lookup).toEqual({ attribute: 'userName', value: 'alice@example.com' });
    expect(plan.matches(alice)).toBe(false);
    expect(plan.residual(alice)).toBe(false);
    expect(plan.residual(bob)).toBe(true);
  });

  it("answers Entra ID's membership check with the member lookup and the id as residual", () => {
    const plan = valueOf(parseFilter(entraFilters.membership, 'Group'));
    const group = groupToScim(aGroup({ id: ENTRA_GROUP_ID as GroupId }), { baseUrl: BASE });
    const other = groupToScim(aGroup({ id: 'g-2' as GroupId }), { baseUrl: BASE });
    expect(plan.residual(group)).toBe(true);
    expect(plan.residual(other)).toBe(false);
    // matches reads members, which representations built without them lack.
    expect(plan.matches(group)).toBe(false);
    expect(plan.matches(groupToScim(aGroup({ id: ENTRA_GROUP_ID as GroupId }), { baseUrl: BASE, members: [{ value: ENTRA_USER_ID }] }))).toBe(true);
  });

  it('has a residual that is always true when the lookup is the whole filter', () => {
    const plan = valueOf(parseFilter('displayName eq "x"', 'Group'));
    expect(plan.residual({})).toBe(true);
    expect(plan.matches({ displayName: 'X' })).toBe(true);
  });
});

describe('parseFilter: refusals', () => {
  it.each<[string, 'User' | 'Group', string]>([
    ['', 'User', 'empty'],
    ['userName', 'User', 'expected an operator'],
    ['userName eq', 'User', 'expected a value'],
    ['userName zz "a"', 'User', "unknown operator 'zz'"],
    ['userName eq "a" and', 'User', 'expected an attribute'],
    ['(userName eq "a"', 'User', "expected ')'"],
    ['userName eq "a")', 'User', "unexpected ')'"],
    ['userName eq "a', 'User', 'unterminated string'],
    ['userName eq "\\x"', 'User', 'invalid string'],
    ['userName eq a', 'User', 'expected a value'],
    ['userName eq "a" # 1', 'User', "unexpected character '#'"],
    ['not userName eq "a"', 'User', "'not' at position 1 must be followed by '('"],
    ['emails[type eq "work"].value eq "x"', 'User', "unexpected character '.'"],
    ['emails[type eq "work"', 'User', "expected ']'"],
    ['emails[value[type eq "x"]]', 'User', 'cannot nest'],
    ['shoeSize eq 42', 'User', "'shoeSize' is not an attribute of User"],
    ['name.nick eq "x"', 'User', 'not an attribute'],
    ['department eq "x"', 'User', 'not an attribute'],
    ['urn:example:other:2.0:User:department eq "x"', 'User', 'not an attribute'],
    ['userName eq "a"', 'Group', "'userName' is not an attribute of Group"],
    ['emails[shoe eq "x"]', 'User', 'not a sub-attribute'],
    ['userName[value eq "x"]', 'User', 'not a complex attribute'],
    ['password eq "x"', 'User', 'cannot be used in a filter'],
    ['active gt true', 'User', "'gt' cannot be applied to the boolean"],
    ['active co "t"', 'User', 'cannot be applied to the boolean'],
    ['active eq "yes"', 'User', 'is not a boolean value'],
    ['userName eq 42', 'User', 'is not a string value'],
    ['userName eq true', 'User', 'is not a string value'],
    ['userName gt null', 'User', 'cannot compare with null'],
    ['meta.created gt "yesterday"', 'User', 'is not a dateTime value'],
    ['name eq "x"', 'User', "'name' is complex"],
    ['members pr', 'Group', 'members can only be filtered'],
    ['members[value eq "a"] or displayName eq "x"', 'Group', 'members can only be filtered'],
    ['members[value eq "a" and display eq "x"]', 'Group', 'members can only be filtered'],
    ['members[value eq "a"] and members[value eq "b"]', 'Group', 'members can only be filtered'],
  ])('%j on %s', (filter, kind, detail) => {
    const e = errorOf(parseFilter(filter, kind));
    expect(e).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect(e.detail).toContain(detail);
  });
});

describe('parseFilter: limits', () => {
  const comparisons = (n: number) => Array.from({ length: n }, (_, i) => `userName eq "u${i}"`).join(' or ');
  const nested = (depth: number) => `${'('.repeat(depth)}userName eq "a"${')'.repeat(depth)}`;

  it.each<[string, string, boolean]>([
    ['50 comparisons', comparisons(50), true],
    ['51 comparisons', comparisons(51), false],
    ['10 levels of nesting', nested(10), true],
    ['11 levels of nesting', nested(11), false],
    ['2,000 characters', `userName eq "${'a'.repeat(1986)}"`, true],
    ['2,001 characters', `userName eq "${'a'.repeat(1987)}"`, false],
  ])('%s', (_, filter, accepted) => {
    expect(parseFilter(filter, 'User').ok).toBe(accepted);
  });

  it.each<[string, string]>([
    [comparisons(51), 'more than 50 comparisons'],
    [nested(11), 'deeper than 10 levels'],
    [`userName eq "${'a'.repeat(5000)}"`, 'longer than 2000 characters'],
    [`${'not ('.repeat(11)}title pr${')'.repeat(11)}`, 'deeper than 10 levels'],
    [`${'('.repeat(100_000)}`, 'longer than 2000 characters'],
  ])('explains the refusal of %#', (filter, detail) => {
    const e = errorOf(parseFilter(filter, 'User'));
    expect(e).toMatchObject({ scimType: 'invalidFilter' });
    expect(e.detail).toContain(detail);
  });

  it('measures the length before the 2,000 characters check', () => {
    expect(`userName eq "${'a'.repeat(1986)}"`).toHaveLength(2000);
  });
});
