import type { RpcOperation } from '../rpc-operation';

/** Filled in by the operations of this area. */
export const userOperations: readonly RpcOperation[] = [];
