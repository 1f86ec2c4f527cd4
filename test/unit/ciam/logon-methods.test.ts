import { describe, expect, it } from 'vitest';
import { newApplication, withLogonMethods } from '../../../domain/ciam/application';
import { DEFAULT_LOGON_METHODS, validLogonMethods, type LogonMethods } from '../../../domain/ciam/logon-methods';
import type { ApplicationId, InstanceId } from '../../../domain/shared/ids';

const methods = (overrides: Partial<LogonMethods>): LogonMethods => ({ ...DEFAULT_LOGON_METHODS, ...overrides });

describe('registration and logon settings', () => {
  it('default to both methods, password first, no self-registration, no second factor', () => {
    expect(DEFAULT_LOGON_METHODS).toEqual({ phoneCode: true, password: true, primary: 'Password', selfRegistration: false, smsSecondFactor: false });
  });

  it.each<[string, Partial<LogonMethods>, string]>([
    ['the defaults', {}, 'ok'],
    ['phone code only, primary', { password: false, primary: 'PhoneCode' }, 'ok'],
    ['password only, primary', { phoneCode: false }, 'ok'],
    ['phone code primary with both on', { primary: 'PhoneCode' }, 'ok'],
    ['self-registration on', { selfRegistration: true }, 'ok'],
    ['password with the SMS second factor', { smsSecondFactor: true }, 'ok'],
    ['password only with the SMS second factor', { phoneCode: false, smsSecondFactor: true }, 'ok'],
    ['no method at all', { phoneCode: false, password: false }, 'InvalidParameter.NoLogonMethod'],
    ['no method, even with a primary', { phoneCode: false, password: false, primary: 'PhoneCode' }, 'InvalidParameter.NoLogonMethod'],
    ['password primary but turned off', { password: false }, 'InvalidParameter.PrimaryLogonMethod'],
    ['phone code primary but turned off', { phoneCode: false, primary: 'PhoneCode' }, 'InvalidParameter.PrimaryLogonMethod'],
    ['an SMS second factor without password logon', { password: false, primary: 'PhoneCode', smsSecondFactor: true }, 'InvalidParameter.SmsSecondFactor'],
  ])('%s → %s', (_name, overrides, expected) => {
    const result = validLogonMethods(methods(overrides));
    expect(result.ok ? 'ok' : result.error.code).toBe(expected);
  });

  it('are stored on the application, whose version moves on; refused ones change nothing', () => {
    const now = new Date('2030-01-01T10:00:00.000Z');
    const created = newApplication(
      { name: 'Shop', type: 'Website', protocol: 'OIDC', oidc: { redirectUris: ['https://shop.example.com/cb'] } },
      { instanceId: 'idaas_a' as InstanceId, applicationId: 'app_1' as ApplicationId },
      now,
    );
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.logonMethods).toEqual(DEFAULT_LOGON_METHODS);
    const changed = withLogonMethods(created.value, methods({ primary: 'PhoneCode', selfRegistration: true }), now);
    expect(changed.ok && changed.value.logonMethods).toEqual(methods({ primary: 'PhoneCode', selfRegistration: true }));
    expect(changed.ok && changed.value.version).toBe(2);
    const refused = withLogonMethods(created.value, methods({ phoneCode: false, password: false }), now);
    expect(refused.ok).toBe(false);
    expect(created.value.logonMethods).toEqual(DEFAULT_LOGON_METHODS);
  });
});
