import type { z } from 'zod';
import type { Principal } from '../../../domain/iam/principal';
import type { Failure, Result } from '../../../domain/shared/result';
import type { Container } from '../../wire';

/** The only API version served: CloudSSO's. */
export const CLOUDSSO_VERSION = '2021-05-15';

/** What an operation gets besides its parameters. */
export type RpcContext = {
  readonly deps: Container;
  readonly principal: Principal;
  /** This deployment's public origin, for URLs an answer hands out (SCIM base URL, SP metadata). */
  readonly origin: string;
};

/** An answer's fields besides `RequestId`, in the API's own names (`User`, `NextToken`, …). */
export type RpcBody = Readonly<Record<string, unknown>>;

/**
 * One operation of CloudSSO's 2021-05-15 API: its parameters (POP names, checked by `params`), the
 * RAM action its audit event records (mutating operations only; the same name the REST route records,
 * since both run the same use case), and `run`, which calls that use case and shapes the answer.
 * A use case's failure passes through with its own code (`EntityNotExists.User`).
 */
export type RpcOperation<P = unknown> = {
  readonly action: string;
  readonly params: z.ZodType<P>;
  readonly audit?: `cloudsso:${string}`;
  readonly run: (ctx: RpcContext, params: P) => Promise<Result<RpcBody, Failure>>;
};

/** Declares an operation with its parameter type inferred from the schema. */
export const operation = <S extends z.ZodType>(op: {
  readonly action: string;
  readonly params: S;
  readonly audit?: `cloudsso:${string}`;
  readonly run: (ctx: RpcContext, params: z.output<S>) => Promise<Result<RpcBody, Failure>>;
}): RpcOperation => op as unknown as RpcOperation;
