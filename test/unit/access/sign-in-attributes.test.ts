import { describe, expect, it } from 'vitest';
import { roleSessionName, signInAttributes } from '../../../domain/access/sign-in-attributes';
import type { AccountId } from '../../../domain/shared/ids';

const input = { accountId: '1234567890123456' as AccountId, roleName: 'AliyunReservedSSO-Dev', samlProviderName: 'AliyunReservedSSO-d-abc', userName: 'alice@example.com', sessionDuration: 7200 };

describe('sign-in attributes', () => {
  it('name the role and provider as Alibaba Cloud reads them', () => {
    expect(signInAttributes('alibaba', input)).toEqual({
      'https://www.aliyun.com/SAML-Role/Attributes/Role': ['acs:ram::1234567890123456:role/AliyunReservedSSO-Dev,acs:ram::1234567890123456:saml-provider/AliyunReservedSSO-d-abc'],
      'https://www.aliyun.com/SAML-Role/Attributes/RoleSessionName': ['alice@example.com'],
      'https://www.aliyun.com/SAML-Role/Attributes/SessionDuration': ['7200'],
    });
  });

  it('and as AWS reads them', () => {
    expect(signInAttributes('aws', input)).toEqual({
      'https://aws.amazon.com/SAML/Attributes/Role': ['arn:aws:iam::1234567890123456:role/AliyunReservedSSO-Dev,arn:aws:iam::1234567890123456:saml-provider/AliyunReservedSSO-d-abc'],
      'https://aws.amazon.com/SAML/Attributes/RoleSessionName': ['alice@example.com'],
      'https://aws.amazon.com/SAML/Attributes/SessionDuration': ['7200'],
    });
  });

  it.each([
    ['alice@example.com', 'alice@example.com'],
    ['Zoë Ångström', 'Zo---ngstr-m'],
    ['a', 'a-'],
    ['x'.repeat(80), 'x'.repeat(64)],
  ])('turn the user name %j into the session name %j (2-64 of [\\w.@-])', (userName, expected) => {
    expect(roleSessionName(userName)).toBe(expected);
    expect(roleSessionName(userName)).toMatch(/^[\w.@-]{2,64}$/);
  });
});
