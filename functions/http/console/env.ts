import type { Context } from 'hono';
import type { ConsoleSession } from '../../../domain/console/console-session';
import { authorize, type Principal } from '../../../domain/iam/principal';
import type { Action } from '../../../domain/iam/policies';
import type { RequestLogVariables } from '../request-log';
import type { ConsoleApi } from './api-client';

export type ConsoleVariables = RequestLogVariables & {
  principal: Principal;
  consoleSession: ConsoleSession;
  api: ConsoleApi;
  /** The form fields of a POST (parsed once by the CSRF check). */
  form: Record<string, string | string[]>;
};

export type ConsoleEnv = { Variables: ConsoleVariables };
export type ConsoleContext = Context<ConsoleEnv>;

/**
 * Whether to show what needs `action`. A convenience only: the API decides (an instance role may
 * allow what no policy does), and a refused call shows its message.
 */
export const may = (principal: Principal, action: Action): boolean => authorize(principal, action).ok;

/** A form field as one string (the first, when repeated). */
export const formText = (c: ConsoleContext, name: string): string => {
  const v = c.get('form')[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

/** A repeated form field (checkboxes) as a list. */
export const formList = (c: ConsoleContext, name: string): string[] => {
  const v = c.get('form')[name] ?? c.get('form')[`${name}[]`];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter(Boolean);
};
