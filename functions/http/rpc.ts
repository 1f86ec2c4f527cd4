import { handle } from 'hono/aws-lambda';
import { container } from '../wire';
import { createRpcApp } from './rpc/app';
import { rpcOperations } from './rpc/operations';

/** Alibaba Cloud's RPC API (CloudSSO 2021-05-15) on `/`, for the aliyun CLI, SDKs and Terraform. */
export const app = createRpcApp(container, rpcOperations);
export const handler = handle(app);
