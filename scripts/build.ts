// Bundles each function named in serverless.yml's `custom.entries` into dist/<function>/index.mjs:
// one minified ESM bundle per function, the AWS SDK included (it halves cold import time).
import { build, type Plugin } from 'esbuild';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
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

/** Packages a function loads from node_modules rather than from its bundle, with their dependencies. */
const UNBUNDLED: Record<string, readonly string[]> = {
  'ciam-hosted': ['svg-captcha', 'opentype.js', 'tiny-inflate'],
};

const sizes: Record<string, number> = {};
const lazy: Record<string, number> = {};
const started = performance.now();
await Promise.all(
  Object.entries(entries)
    .filter(([name]) => only.length === 0 || only.includes(name))
    .map(async ([name, entry]) => {
      await mkdir(`dist/${name}`, { recursive: true });
      const result = await build({
        entryPoints: [entry],
        // Code splitting: what a function loads with import() (the SAML validator, argon2) lands in
        // chunks of its own, loaded on first use, so no other function parses it at cold start.
        outdir: `dist/${name}`,
        entryNames: 'index',
        chunkNames: 'chunks/[name]-[hash]',
        outExtension: { '.js': '.mjs' },
        splitting: true,
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
        // node-xmllint (libxml2 compiled by Emscripten, the SAML schema validator) names `ws` for a
        // socket emulation it never uses; leaving it unresolved keeps it out of the bundle.
        // svg-captcha reads its font through __dirname when it loads, which a bundle does not have: it
        // stays a package, shipped beside the function that draws CAPTCHAs (below).
        external: ['ws', 'svg-captcha'],
      });
      if (name in UNBUNDLED) {
        for (const pkg of UNBUNDLED[name]!) await cp(`node_modules/${pkg}`, `dist/${name}/node_modules/${pkg}`, { recursive: true });
      }
      // What a cold start loads: the entry and the chunks it imports statically; the rest waits for import().
      const outputs = result.metafile.outputs;
      const entryFile = Object.keys(outputs).find((file) => file.endsWith('/index.mjs'))!;
      const eager = new Set<string>();
      const visit = (file: string) => {
        if (eager.has(file)) return;
        eager.add(file);
        for (const i of outputs[file]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
      };
      visit(entryFile);
      const total = Object.values(outputs).reduce((sum, o) => sum + o.bytes, 0);
      sizes[name] = [...eager].reduce((sum, file) => sum + outputs[file]!.bytes, 0);
      lazy[name] = total - sizes[name]!;
    }),
);
await writeFile('dist/sizes.json', JSON.stringify(sizes, null, 2));
await writeFile('dist/lazy-sizes.json', JSON.stringify(lazy, null, 2));
const total = Math.round(performance.now() - started);
for (const [name, bytes] of Object.entries(sizes).sort()) {
  const later = lazy[name] ? `  (+${(lazy[name] / 1024).toFixed(1)} KB loaded on demand)` : '';
  console.log(`${name.padEnd(16)} ${(bytes / 1024).toFixed(1).padStart(8)} KB${later}`);
}
console.log(`built ${Object.keys(sizes).length} bundles in ${total} ms`);
