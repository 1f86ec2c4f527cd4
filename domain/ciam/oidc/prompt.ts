import { ok, type Result } from '../../shared/result';
import { oauthFail, type OAuthError } from './errors';

/**
 * OIDC Core §3.1.2.1 prompt values. Atrium supports all four defined ones:
 * - `none`: no user interface; `login_required` when there is no usable session (see
 *   `authentication-requirement.ts`);
 * - `login`: authenticate again even with a session;
 * - `select_account`: an Atrium browser session holds one account, so choosing an account means signing
 *   in: handled as `login`;
 * - `consent`: applications are first-party, registered in the instance by its administrator; there is no
 *   consent screen and the registration stands for the consent (this is also the "other condition" OIDC
 *   Core §11 allows for offline_access without prompt=consent). Accepted, so relying parties that send it
 *   with offline_access keep working.
 */
export const PROMPT_VALUES = ['none', 'login', 'consent', 'select_account'] as const;
export type Prompt = (typeof PROMPT_VALUES)[number];

const isPrompt = (value: string): value is Prompt => (PROMPT_VALUES as readonly string[]).includes(value);

/**
 * OIDC Core §3.1.2.1: a space-delimited, case-sensitive list. A value outside the defined ones is
 * `invalid_request`; "If this parameter contains none with any other value, an error is returned."
 */
export const parsePrompt = (value: string | undefined): Result<readonly Prompt[], OAuthError<'invalid_request'>> => {
  if (value === undefined) return ok([]);
  const values = value.split(' ').filter((v) => v !== '');
  const prompts: Prompt[] = [];
  for (const v of values) {
    if (!isPrompt(v)) return oauthFail('invalid_request', 'The prompt parameter has an unsupported value.');
    if (!prompts.includes(v)) prompts.push(v);
  }
  if (prompts.includes('none') && prompts.length > 1) {
    return oauthFail('invalid_request', 'prompt=none must not be combined with other prompt values.');
  }
  return ok(PROMPT_VALUES.filter((p) => prompts.includes(p)));
};

/** Whether the request asks for a fresh authentication whatever the session (login, select_account). */
export const forcesLogin = (prompts: readonly Prompt[]): boolean => prompts.includes('login') || prompts.includes('select_account');
