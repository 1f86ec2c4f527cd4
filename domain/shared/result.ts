/**
 * Expected outcomes are data, not exceptions: a use case returns `Result<T, E>` where `E` carries a
 * stable code the edges map onto their protocol (HTTP status, SCIM scimType, OAuth error).
 * Exceptions are reserved for bugs and infrastructure failures.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/** A failure with a stable machine code and a message a person can act on. */
export type Failure<C extends string = string> = {
  readonly code: C;
  readonly message: string;
};

export const fail = <C extends string>(code: C, message: string): Err<Failure<C>> =>
  err({ code, message });

/**
 * The failure codes of every use case a module exports: what an edge's mapping table must cover.
 * Edges use it with `satisfies Record<Codes, …>` so a new outcome is a compile error until mapped.
 */
export type OutcomeCodesOf<M> = {
  [K in keyof M]: M[K] extends (...args: never[]) => Promise<Result<unknown, infer E>>
    ? E extends { code: infer C extends string }
      ? C
      : never
    : never;
}[keyof M];
