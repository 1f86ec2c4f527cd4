import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../field-errors';
import { ROOT, seg } from './paths';

/** Small page parts the CloudSSO pages share (the foundation's components cover the rest). */

/** The page's heading, with a trail back to where it belongs. */
export const Heading = (props: { title: string; trail?: readonly { href: string; label: string }[]; children?: Child }) => (
  <>
    {props.trail && props.trail.length > 0 && (
      <nav aria-label="Breadcrumb" class="muted">
        {props.trail.map((t, i) => (
          <>
            {i > 0 && ' / '}
            <a href={t.href}>{t.label}</a>
          </>
        ))}
      </nav>
    )}
    <h1>{props.title}</h1>
    {props.children}
  </>
);

/** A fieldset's own error (checkbox groups have no single input to describe). */
export const GroupError = (props: { id: string; errors: FieldErrors | undefined; name: string }) => {
  const error = props.errors?.fields[props.name];
  return error ? (
    <p class="field-error" id={props.id} role="alert">
      {error}
    </p>
  ) : (
    <></>
  );
};

/** A labelled checkbox (sends `on` when ticked; an unticked box sends nothing). */
export const Check = (props: { label: string; name: string; checked: boolean; value?: string }) => (
  <div class="checks">
    <label>
      <input type="checkbox" name={props.name} value={props.value ?? 'on'} checked={props.checked} /> {props.label}
    </label>
  </div>
);

/** A form's submit button, on its own line under the fields. */
export const Submit = (props: { kind?: 'secondary' | 'danger'; children: Child }) => (
  <div>
    <button type="submit" class={props.kind}>
      {props.children}
    </button>
  </div>
);

/** An instant as people read it (UTC, to the minute), machine-readable in `datetime`. */
export const When = (props: { at: string | undefined }) =>
  props.at ? <time datetime={props.at}>{`${props.at.slice(0, 10)} ${props.at.slice(11, 16)} UTC`}</time> : <></>;

/** A link to a principal's page, named when the name could be read. */
export const principalLink = (type: string, id: string, name: string | undefined) => (
  <a href={`${ROOT}/${type === 'Group' ? 'groups' : 'users'}/${seg(id)}`}>
    {type === 'Group' ? 'Group' : 'User'} {name ?? id}
  </a>
);

/** Seconds as people read them. */
export const duration = (seconds: number) =>
  seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
