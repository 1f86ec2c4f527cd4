import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadServerlessConfig } from '../../scripts/serverless-config';

export type CfnResource = { readonly Type: string; readonly Condition?: string; readonly Properties?: unknown };
export type CfnTemplate = {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs: Record<string, { readonly Value: unknown }>;
  readonly Conditions?: Record<string, unknown>;
};

/** Files serverless.yml reads besides itself (`${file(…)}`). */
const INCLUDED = ['adapters/dynamodb/table.json'];

/**
 * Runs `osls package` (no cloud credentials needed) on a copy of serverless.yml in a temporary
 * directory, with a stub bundle per function, and returns the CloudFormation template it writes: what
 * CloudFormation would deploy, variables resolved and the functions' own resources added. The copy
 * keeps the working tree's dist/ and .serverless/ out of it (a build need not have run).
 */
export const packageServerless = async (options: { readonly env?: Record<string, string> } = {}): Promise<CfnTemplate> => {
  const dir = await mkdtemp(join(tmpdir(), 'atrium-osls-'));
  try {
    await copyFile('serverless.yml', join(dir, 'serverless.yml'));
    for (const file of INCLUDED) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await copyFile(file, join(dir, file));
    }
    for (const name of Object.keys(loadServerlessConfig().functions)) {
      await mkdir(join(dir, 'dist', name), { recursive: true });
      await writeFile(join(dir, 'dist', name, 'index.mjs'), 'export const handler = async () => undefined;\n');
    }
    const osls = resolve('node_modules/osls/bin/serverless.js');
    await promisify(execFile)(process.execPath, [osls, 'package', '--stage', 'ci', '--region', 'us-east-1'], {
      cwd: dir,
      env: { ...process.env, ...options.env },
      timeout: 110_000,
    });
    return JSON.parse(await readFile(join(dir, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8')) as CfnTemplate;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
