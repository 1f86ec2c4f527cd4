import type { Child } from 'hono/jsx';
import type { FieldErrors } from './field-errors';

export const Csrf = (props: { token: string }) => <input type="hidden" name="csrf" value={props.token} />;

/** A form-level message (an error not tied to one field, or a notice after a change). */
export const Flash = (props: { error?: string | undefined; notice?: string | undefined }) => (
  <>
    {props.error && (
      <div class="error" role="alert">
        {props.error}
      </div>
    )}
    {props.notice && (
      <div class="notice" role="status">
        {props.notice}
      </div>
    )}
  </>
);

/** A control's label, with its hint. */
const FieldLabel = (props: { id: string; label: string; hint?: string | undefined }) => (
  <label for={props.id}>
    {props.label} {props.hint && <span class="hint">{props.hint}</span>}
  </label>
);

/** The API's error for a control, under it; the control names it with aria-describedby. */
export const FieldError = (props: { id: string; error: string | undefined }) =>
  props.error ? (
    <p class="field-error" id={`${props.id}-error`}>
      {props.error}
    </p>
  ) : null;

/** What a control needs to say it is invalid and where the reason is. */
const invalidity = (id: string, error: string | undefined) => ({
  'aria-invalid': error ? ('true' as const) : undefined,
  'aria-describedby': error ? `${id}-error` : undefined,
});

/** A labelled input; the API's error for this field is shown under it and tied to it for screen readers. */
export const Field = (props: {
  label: string;
  name: string;
  value?: string | number | undefined;
  type?: string;
  required?: boolean;
  hint?: string;
  errors?: FieldErrors | undefined;
  placeholder?: string;
  autocomplete?: string;
}) => {
  const error = props.errors?.fields[props.name];
  const id = `f-${props.name}`;
  return (
    <>
      <FieldLabel id={id} label={props.label} hint={props.hint} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value === undefined ? '' : String(props.value)}
        required={props.required}
        placeholder={props.placeholder}
        autocomplete={props.autocomplete ?? 'off'}
        {...invalidity(id, error)}
      />
      <FieldError id={id} error={error} />
    </>
  );
};

export const Select = (props: { label: string; name: string; options: readonly (string | { value: string; label: string })[]; value?: string | undefined; errors?: FieldErrors | undefined; hint?: string }) => {
  const error = props.errors?.fields[props.name];
  const id = `f-${props.name}`;
  return (
    <>
      <FieldLabel id={id} label={props.label} hint={props.hint} />
      <select id={id} name={props.name} {...invalidity(id, error)}>
        {props.options.map((o) => {
          const { value, label } = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option value={value} selected={value === props.value}>
              {label}
            </option>
          );
        })}
      </select>
      <FieldError id={id} error={error} />
    </>
  );
};

/** A labelled textarea; the API's error for it is shown under it, as Field does for inputs. */
export const TextArea = (props: { label: string; name: string; value?: string | undefined; hint?: string; errors?: FieldErrors | undefined; required?: boolean; rows?: number }) => {
  const error = props.errors?.fields[props.name];
  const id = `f-${props.name}`;
  return (
    <>
      <FieldLabel id={id} label={props.label} hint={props.hint} />
      <textarea id={id} name={props.name} rows={props.rows ?? 6} required={props.required} {...invalidity(id, error)}>
        {props.value ?? ''}
      </textarea>
      <FieldError id={id} error={error} />
    </>
  );
};

/** A secret the API shows once: say so, plainly. */
export const SecretOnce = (props: { label: string; value: string }) => (
  <div class="warning" role="status">
    <strong>{props.label}</strong> — copy it now; it is not shown again.
    <code class="secret" data-secret>
      {props.value}
    </code>
  </div>
);

/** "Next page" for the API's nextToken paging; the first page is the link without a token. */
export const Pager = (props: { path: string; nextToken?: string | undefined; query?: Record<string, string> }) => (
  <p class="actions">
    {props.nextToken && (
      <a class="button secondary" href={`${props.path}?${new URLSearchParams({ ...props.query, nextToken: props.nextToken })}`}>
        Next page
      </a>
    )}
  </p>
);

export const Card = (props: { title?: string; children: Child }) => (
  <section class="card">
    {props.title && <h2>{props.title}</h2>}
    {props.children}
  </section>
);

export const StatusBadge = (props: { status: string }) => {
  const kind = /^(Enabled|Active|Running|Success|Succeeded|Provisioned|Normal)$/i.test(props.status)
    ? 'ok'
    : /^(Disabled|Failed|Released|Failure|Deleted|Inactive)$/i.test(props.status)
      ? 'bad'
      : /ing$|Required|Pending|Initializing|InProgress|Processing/i.test(props.status)
        ? 'busy'
        : '';
  return <span class={`badge ${kind}`}>{props.status}</span>;
};

/** A table with a header row, scrolling sideways on a narrow screen; the rows are the children. */
export const DataTable = (props: { columns: readonly string[]; label?: string; actions?: boolean; children: Child }) => (
  <div class="table-scroll" style="overflow-x:auto">
    <table aria-label={props.label}>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col">{c}</th>
          ))}
          {props.actions && (
            <th scope="col">
              <span class="muted">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  </div>
);
