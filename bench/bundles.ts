import { readFile, writeFile } from 'node:fs/promises';
import { fmt, median, run } from './measure';

const SIZE_TARGET_KB = 500;
const IMPORT_TARGET_MS = 60;
const RUNS = 7;

/** Time to import a module in a fresh `node --input-type=module` process, median of RUNS. */
const coldImportMs = async (path: string): Promise<number> => {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(path)}); console.log(performance.now() - t);`,
    ]);
    samples.push(Number(stdout.trim()));
  }
  return median(samples);
};

export const benchBundles = async () => {
  await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { timeout: 120_000 });
  const sizes = JSON.parse(await readFile('dist/sizes.json', 'utf8')) as Record<string, number>;
  await writeFile('dist/empty.mjs', 'export {};\n');
  const empty = await coldImportMs('./dist/empty.mjs');
  const rows = [];
  for (const [name, bytes] of Object.entries(sizes).sort()) {
    const ms = await coldImportMs(`./dist/${name}/index.mjs`);
    rows.push({ name, kb: bytes / 1024, ms, ratio: ms / empty });
  }
  console.log(`\n## Bundles (target ≤ ${SIZE_TARGET_KB} KB minified, cold import ≤ ${IMPORT_TARGET_MS} ms)`);
  console.log(`empty module import: ${fmt(empty, 2)} ms (median of ${RUNS} fresh processes)`);
  console.log('function          size KB   vs target   import ms   vs empty');
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(16)} ${fmt(r.kb).padStart(8)}   ${fmt(r.kb / SIZE_TARGET_KB, 2).padStart(8)}x   ${fmt(r.ms).padStart(9)}   ${fmt(r.ratio).padStart(7)}x`,
    );
  }
  return { emptyImportMs: empty, bundles: rows };
};
