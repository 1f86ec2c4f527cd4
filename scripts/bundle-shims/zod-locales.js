// zod's classic namespace re-exports every locale (about 250 KB minified) though zod itself only
// loads English; Lambda bundles keep just that one. Used by scripts/build.mjs only.
export { default as en } from 'zod/v4/locales/en.js';
