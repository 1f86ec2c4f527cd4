// Bundles each function named in serverless.yml's `custom.entries` into dist/<function>/index.mjs:
// one minified ESM bundle per function, the AWS SDK included (it halves cold import time).
import { build, type Plugin } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadServerlessConfig } from './serverless-config';

const config = loadServerlessConfig();
const entries = config.custom.entries;
const only = process.argv.slice(2);
await rm('dist', { recursive: true, force: true });

/** Swaps two heavy modules for the slim equivalents in scripts/bundle-shims (each says why). */
const shims: Plugin = {
  name: 'lambda-shims',
  setup(b) {
    const shim = (file: string) => ({ path: fileURLToPath(new URL(`./bundle-shims/${file}`, import.meta.url)) });
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[/\\]zod[/\\]v4[/\\](classic|core)[/\\]/.test(args.importer) ? shim('zod-locales.js') : undefined,
    );
    b.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => shim('lambda-credentials.js'));
  },
};

const sizes: Record<string, number> = {};
const started = performance.now();
await Promise.all(
  Object.entries(entries)
    .filter(([name]) => only.length === 0 || only.includes(name))
    .map(async ([name, entry]) => {
      const outfile = `dist/${name}/index.mjs`;
      await mkdir(`dist/${name}`, { recursive: true });
      const result = await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        minify: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        metafile: true,
        legalComments: 'none',
        // CommonJS dependencies (samlify, xml libraries) call require(): give the ESM bundle one.
        banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
        logLevel: 'warning',
        plugins: [shims],
      });
      sizes[name] = Object.values(result.metafile.outputs)[0]!.bytes;
    }),
);
await writeFile('dist/sizes.json', JSON.stringify(sizes, null, 2));
const total = Math.round(performance.now() - started);
for (const [name, bytes] of Object.entries(sizes).sort()) console.log(`${name.padEnd(16)} ${(bytes / 1024).toFixed(1).padStart(8)} KB`);
console.log(`built ${Object.keys(sizes).length} bundles in ${total} ms`);
