import xmllint from '@authenio/samlify-node-xmllint';
import samlify from 'samlify';

/**
 * SAML 2.0 schema validation (saml-schema-protocol-2.0.xsd and the schemas it imports) with
 * @authenio/samlify-node-xmllint, libxml2 compiled to JavaScript by an old Emscripten. That build
 * misbehaves in a long-lived Node process, and this wrapper contains it:
 *  - every call runs xmllint's `main`, whose exit path does `process.stdout.once('drain', () =>
 *    process.exit(status))` and `process.on('uncaughtException', …)`: listeners pile up, one per
 *    validation, and the next time stdout drains after backpressure the whole process exits (seen here:
 *    one validation, then a 4 MB write to a slow pipe, and Node exited with code 0);
 *  - it prints a line to stdout per call, and the whole error text to stderr on an invalid document.
 * The calls are synchronous (the module runs to completion inside the Promise executor), so the
 * listeners it adds can be removed and the console silenced around it without touching anything else.
 * Cost measured here: about 3 s for the first call in a process (the 4 MB asm.js module compiles), then
 * about 20 ms per call: validate only what has passed the signature checks.
 */
export const validateSamlSchema = (xml: string): Promise<unknown> => {
  const drains = new Set(process.stdout.listeners('drain'));
  const uncaught = new Set(process.listeners('uncaughtException'));
  const { log, error } = console;
  console.log = () => undefined;
  console.error = () => undefined;
  let outcome: Promise<unknown>;
  try {
    outcome = xmllint.validate(xml);
  } finally {
    console.log = log;
    console.error = error;
    for (const l of process.stdout.listeners('drain')) if (!drains.has(l)) process.stdout.removeListener('drain', l as () => void);
    for (const l of process.listeners('uncaughtException')) if (!uncaught.has(l)) process.removeListener('uncaughtException', l);
  }
  return outcome;
};

// samlify refuses to parse any message until a validator is registered; register the contained one.
samlify.setSchemaValidator({ validate: validateSamlSchema });

/** True when the document is valid against the SAML 2.0 protocol and assertion schemas. */
export const isSchemaValid = async (xml: string): Promise<boolean> => {
  try {
    await samlify.SamlLib.isValidXml(xml);
    return true;
  } catch {
    return false;
  }
};

/**
 * Compiles xmllint (about 3 s, once per process). Call it during a Lambda's init phase (full CPU, not
 * billed to the first user) so the first logon does not pay it.
 */
export const warmUpSchemaValidator = async (): Promise<void> => {
  await isSchemaValid('<warm-up/>');
};
