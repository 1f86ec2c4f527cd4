import type { Child } from 'hono/jsx';
import { FieldError, TextArea as BaseTextArea } from '../components';
import type { FieldErrors } from '../field-errors';

/**
 * Form controls the foundation's components.tsx does not have, built the same way: a label tied to
 * the control, the API's error under it and named by aria-describedby.
 */

/** Several values, one a line (redirect URIs): the foundation's textarea, three lines high. */
export const TextArea = (props: Omit<Parameters<typeof BaseTextArea>[0], 'rows'>) => <BaseTextArea {...props} rows={3} />;

/** A choice among a few options, all visible (editions, protocols, the primary logon method). */
export const Radios = (props: {
  legend: string;
  name: string;
  options: readonly { value: string; label: string; hint?: string }[];
  value?: string | undefined;
  errors?: FieldErrors | undefined;
}) => {
  const error = props.errors?.fields[props.name];
  const id = `f-${props.name}`;
  return (
    <fieldset class="checks" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label>
          <input type="radio" name={props.name} value={o.value} checked={o.value === props.value} aria-invalid={error ? 'true' : undefined} />
          <span>
            {o.label} {o.hint && <span class="hint">{o.hint}</span>}
          </span>
        </label>
      ))}
      <FieldError id={id} error={error} />
    </fieldset>
  );
};

/** An on/off setting; put it in a `<fieldset class="checks">`. Unticked, the browser sends nothing. */
export const Checkbox = (props: { label: string; name: string; checked: boolean; hint?: string; errors?: FieldErrors | undefined }) => {
  const error = props.errors?.fields[props.name];
  const id = `f-${props.name}`;
  return (
    <>
      <label for={id}>
        <input id={id} type="checkbox" name={props.name} value="on" checked={props.checked} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined} />
        <span>
          {props.label} {props.hint && <span class="hint">{props.hint}</span>}
        </span>
      </label>
      <FieldError id={id} error={error} />
    </>
  );
};

/** Label / value pairs (an instance's or an application's details). */
export const Details = (props: { rows: readonly (readonly [string, unknown])[] }) => (
  <table>
    <tbody>
      {props.rows.map(([label, value]) => (
        <tr>
          <th scope="row">{label}</th>
          <td>{value as never}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** A wide table scrolls sideways on a narrow screen instead of widening the page. */
export const Wide = (props: { children: Child }) => <div style="overflow-x:auto">{props.children}</div>;
