import type { ApiAnswer } from './api-client';

/** An API error as a form shows it: next to the field it names, or above the form. */
export type FieldErrors = { readonly form?: string; readonly fields: Readonly<Record<string, string>> };

export const NO_ERRORS: FieldErrors = { fields: {} };

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Reads the management API's `{code, message}`: schema errors name their fields
 * (`userName: too long; email: invalid`), and a code such as `InvalidParameter.UserName` names its
 * field by convention. Anything else (a conflict, a missing permission) is the form's message.
 */
export const fieldErrorsOf = (answer: Pick<ApiAnswer, 'json' | 'status'>, fieldNames: readonly string[] = []): FieldErrors => {
  const code = typeof answer.json?.code === 'string' ? (answer.json.code as string) : `HTTP${answer.status}`;
  const message = typeof answer.json?.message === 'string' ? (answer.json.message as string) : 'The request failed.';
  const fields: Record<string, string> = {};
  if (code === 'InvalidParameter') {
    const rest: string[] = [];
    for (const part of message.split('; ')) {
      const m = /^([A-Za-z][\w.]*): (.+)$/.exec(part);
      const name = m?.[1]?.split('.')[0];
      if (m && name && (fieldNames.length === 0 || fieldNames.includes(name))) fields[name] = m[2]!;
      else rest.push(part);
    }
    return rest.length ? { form: rest.join('; '), fields } : { fields };
  }
  const named = /^InvalidParameter\.(\w+)$/.exec(code)?.[1];
  if (named) {
    const field = fieldNames.find((f) => f.toLowerCase() === named.toLowerCase()) ?? lowerFirst(named);
    if (fieldNames.length === 0 || fieldNames.includes(field)) return { fields: { [field]: message } };
  }
  return { form: message, fields };
};
