import { z } from 'zod';
import { STATUS } from '../management/api-error';
import { CLOUDSSO_VERSION, type RpcOperation } from './rpc-operation';
import { EDGE_CODES } from './rpc-status';

type JsonSchema = {
  type?: string;
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const describeValue = (s: JsonSchema): string => {
  if (s.enum) return s.enum.map(String).join(' | ');
  // pop.unsupported: a parameter CloudSSO has that Atrium refuses rather than ignores.
  if (s.type === undefined) return 'not supported here (refused)';
  if (s.pattern === '^-?\\d+$' || s.pattern === '^\\d+$') return 'integer';
  const length = s.maxLength !== undefined ? ` (≤ ${s.maxLength} characters)` : '';
  return `${s.type ?? 'string'}${length}`;
};

/** POP's flat names: a structure is `Name.Field`, a list `Name.N`, a list of structures `Name.N.Field`. */
const flatten = (name: string, s: JsonSchema, required: boolean): { name: string; value: string; required: boolean }[] => {
  if (s.type === 'object' && s.properties) {
    return Object.entries(s.properties).flatMap(([k, v]) => flatten(`${name}.${k}`, v, required && (s.required ?? []).includes(k)));
  }
  if (s.type === 'array' && s.items) {
    if (s.items.type === 'object' && s.items.properties) {
      return Object.entries(s.items.properties).flatMap(([k, v]) => flatten(`${name}.N.${k}`, v, required && (s.items!.required ?? []).includes(k)));
    }
    return [{ name: `${name}.N`, value: describeValue(s.items), required }];
  }
  return [{ name, value: describeValue(s), required }];
};

const parametersOf = (op: RpcOperation) => {
  const schema = z.toJSONSchema(op.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return Object.entries(schema.properties ?? {}).flatMap(([k, v]) => flatten(k, v, (schema.required ?? []).includes(k)));
};

/**
 * The RPC API's reference page, generated from the operations themselves (their parameter schemas
 * and audit actions) and the status tables, so it cannot drift from what the endpoint accepts. Error
 * answers' `Recommend` links to its anchors.
 */
export const renderRpcReference = (operations: readonly RpcOperation[]): string => {
  const ops = [...operations].sort((a, b) => a.action.localeCompare(b.action));
  const rows = ops
    .map((op) => {
      const params = parametersOf(op)
        .map((p) => `<li><code>${escape(p.name)}</code>${p.required ? ' <strong>required</strong>' : ''}: ${escape(p.value)}</li>`)
        .join('');
      return `<tr id="${escape(op.action)}"><td><code>${escape(op.action)}</code></td><td>${op.audit ? `<code>${escape(op.audit)}</code>` : 'read'}</td><td>${params ? `<ul>${params}</ul>` : 'none'}</td></tr>`;
    })
    .join('\n');
  const codes = [...Object.entries(EDGE_CODES), ...Object.entries(STATUS).filter(([code]) => !(code in EDGE_CODES))]
    .map(([code, status]) => `<tr id="${escape(code)}"><td><code>${escape(code)}</code></td><td>${status}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Atrium: Alibaba Cloud RPC API (CloudSSO ${CLOUDSSO_VERSION})</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}ul{margin:0;padding-left:1.2rem}:target{background:#fff3c4}</style>
</head><body><main>
<h1>Alibaba Cloud RPC API: CloudSSO ${CLOUDSSO_VERSION}</h1>
<p>Send <code>?Action=…&amp;Version=${CLOUDSSO_VERSION}&amp;…</code> to <code>/</code> by GET or form POST, signed with an AccessKey pair (a management API key: its id is the AccessKeyId, its secret the AccessKeySecret) by signature version 1.0 (HMAC-SHA1) or ACS3-HMAC-SHA256. The timestamp must be within 15 minutes of the server's clock and a SignatureNonce is accepted once. Every answer carries <code>RequestId</code>; an error is <code>{RequestId, HostId, Code, Message, Recommend}</code> with the HTTP status below. A change is recorded in the audit trail under the RAM action shown, with channel RPC.</p>
<h2>Operations (${ops.length})</h2>
<table><thead><tr><th>Action</th><th>RAM action (audit)</th><th>Parameters</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Error codes</h2>
<p>Besides these, a parameter refused by its schema is <code>MissingParameter.&lt;Name&gt;</code> or <code>InvalidParameter.&lt;Name&gt;</code> (400).</p>
<table><thead><tr><th>Code</th><th>HTTP status</th></tr></thead><tbody>
${codes}
</tbody></table>
</main></body></html>`;
};
