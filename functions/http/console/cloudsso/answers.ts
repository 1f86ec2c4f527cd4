import type { ApiAnswer } from '../api-client';
import { fieldErrorsOf, type FieldErrors } from '../field-errors';

/** Management API answers as the pages read them: what must succeed, and how a refusal reaches a form. */

/**
 * The status a re-rendered form answers with: the API's own (400, 403, 404, 409). A server error is
 * not the form's fault: it is thrown, and the console's error page says so.
 */
export const failStatus = (answer: ApiAnswer): number => {
  if (answer.status >= 500) throw new Error(`the management API answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  return answer.status;
};

/** Reads an API answer that must succeed for the page to make sense (a list, the object shown). */
export const must = (answer: ApiAnswer) => {
  if (answer.status >= 500) throw new Error(`the management API answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  return answer;
};

/**
 * The API's error as a form shows it. `codes` ties error codes that name no field by themselves
 * (`InvalidParameter.GroupName`, `EntityAlreadyExists.User`) to the form's field.
 */
export const errorsOf = (answer: ApiAnswer, fields: readonly string[], codes: Readonly<Record<string, string>> = {}): FieldErrors => {
  const code = typeof answer.json?.code === 'string' ? (answer.json.code as string) : '';
  const field = codes[code];
  if (field) return { fields: { [field]: typeof answer.json?.message === 'string' ? answer.json.message : 'Invalid value.' } };
  return fieldErrorsOf(answer, fields);
};

/** An error the console finds itself (before calling the API), tied to a field. */
export const fieldError = (field: string, message: string): FieldErrors => ({ fields: { [field]: message } });

/** The refusal of an action without a form of its own (a delete, a removal): its message goes above the page. */
export const refusal = (answer: ApiAnswer) => ({ form: 'other' as const, errors: errorsOf(answer, []), status: failStatus(answer) });
