import type { ApiAnswer } from '../api-client';
import { fieldErrorsOf, type FieldErrors } from '../field-errors';

/** A form's fields, each with the names the API may use for it: a body field, or an error code's suffix. */
export type FieldAliases = Readonly<Record<string, readonly string[]>>;

// Schema errors name nested body fields (`oidc.redirectUris.0: …`); the console's forms are flat.
const NESTED = /^(oidc|saml)\./;

/**
 * fieldErrorsOf, for forms whose field names differ from the API's: `phone` is where
 * `InvalidParameter.PhoneNumber` belongs, `name` where `InvalidParameter.ApplicationName` does. A
 * uniqueness conflict (`EntityAlreadyExists.Username`) also belongs next to its field.
 */
export const errorsFor = (answer: Pick<ApiAnswer, 'json' | 'status'>, fields: FieldAliases): FieldErrors => {
  const json = (answer.json ?? {}) as Record<string, unknown>;
  const code = typeof json.code === 'string' ? json.code : undefined;
  const message =
    code === 'InvalidParameter' && typeof json.message === 'string'
      ? json.message
          .split('; ')
          .map((part) => part.replace(NESTED, ''))
          .join('; ')
      : json.message;
  const conflict = code && /^EntityAlreadyExists\.(\w+)$/.exec(code)?.[1];
  const read = { status: answer.status, json: { ...json, message, ...(conflict ? { code: `InvalidParameter.${conflict}` } : {}) } };
  const names = Object.entries(fields).flatMap(([field, aliases]) => [field, ...aliases]);
  const found = fieldErrorsOf(read, names);
  const remapped: Record<string, string> = {};
  for (const [name, text] of Object.entries(found.fields)) {
    const field = Object.keys(fields).find((f) => f === name || fields[f]!.includes(name)) ?? name;
    remapped[field] = remapped[field] ? `${remapped[field]}; ${text}` : text;
  }
  return found.form === undefined ? { fields: remapped } : { form: found.form, fields: remapped };
};
