import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * How customers log on to one application: IDaaS's "Registration And Logon Settings". Kept per
 * application (in the application's own item) because a shop's app and its mini program may well
 * want different methods.
 */
export type PrimaryLogonMethod = 'PhoneCode' | 'Password';
export const PRIMARY_LOGON_METHODS = ['PhoneCode', 'Password'] as const satisfies readonly PrimaryLogonMethod[];

export type LogonMethods = {
  /** A one-time code sent by SMS to the customer's phone. */
  readonly phoneCode: boolean;
  readonly password: boolean;
  /** The method the logon page offers first. */
  readonly primary: PrimaryLogonMethod;
  /** Whether an unknown customer may create an account from the logon page. */
  readonly selfRegistration: boolean;
  /** After a password, also ask for a code sent by SMS. */
  readonly smsSecondFactor: boolean;
};

export const DEFAULT_LOGON_METHODS: LogonMethods = {
  phoneCode: true,
  password: true,
  primary: 'Password',
  selfRegistration: false,
  smsSecondFactor: false,
};

export type LogonMethodsError = Failure<'InvalidParameter.NoLogonMethod' | 'InvalidParameter.PrimaryLogonMethod' | 'InvalidParameter.SmsSecondFactor'>;

const enabled = (methods: LogonMethods, method: PrimaryLogonMethod) => (method === 'Password' ? methods.password : methods.phoneCode);

/** Checks a complete set of settings; it replaces the previous one whole. */
export const validLogonMethods = (methods: LogonMethods): Result<LogonMethods, LogonMethodsError> => {
  // An application nobody can log on to is a misconfiguration; disabling the application says that.
  if (!methods.phoneCode && !methods.password) {
    return fail('InvalidParameter.NoLogonMethod', 'Turn on at least one logon method (phone code or password); to stop logons, disable the application.');
  }
  if (!enabled(methods, methods.primary)) {
    return fail('InvalidParameter.PrimaryLogonMethod', `The primary logon method ${methods.primary} is turned off; make an enabled method primary.`);
  }
  // The SMS code is a second factor to a password. After a phone-code logon it would prove the same
  // phone twice, so without password logon the setting would only pretend to add security.
  if (methods.smsSecondFactor && !methods.password) {
    return fail('InvalidParameter.SmsSecondFactor', 'The SMS second factor applies to password logons; turn password logon on or the second factor off.');
  }
  return ok({ ...methods });
};
