// Every API response the in-process HTTP tests received (recorded by
// tests/edge/http/recorded_router.h as JSON lines) checked against
// docs/openapi.yaml: the status is declared for its route (or covered by the
// route's `default`), the content type is declared for that status, each API
// header it carries is declared, and a JSON body validates against the
// schema. Schemas are read strictly: an object may carry only the properties
// the spec lists, and null only where the spec says nullable.
// usage: node openapi_responses.mjs <openapi.yaml> <recordings dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';

const [specFile, recordings] = process.argv.slice(2);
if (!specFile || !recordings) { console.error('usage: openapi_responses.mjs <openapi.yaml> <recordings dir>'); process.exit(2); }

// Headers a client acts on; each one a response carries must be in the spec.
const API_HEADERS = ['location', 'retry-after', 'idempotent-replayed', 'allow', 'www-authenticate',
  'x-barcode-modules', 'cache-control'];

// OpenAPI 3.0 schema -> JSON Schema: allOf of objects merged into one object,
// `nullable` as a null type, undeclared properties refused.
function toJsonSchema(s) {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  let out = {};
  for (const [k, v] of Object.entries(s)) {
    if (['nullable', 'example', 'allOf', 'description', 'default'].includes(k)) continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, toJsonSchema(ps)]));
    else out[k] = typeof v === 'object' ? toJsonSchema(v) : v;
  }
  if (s.allOf) {
    const parts = s.allOf.map(toJsonSchema);
    if (parts.length === 1) out = { ...parts[0], ...out };
    else {
      out = { ...out, type: 'object', properties: {}, required: [] };
      for (const p of parts) { Object.assign(out.properties, p.properties); out.required.push(...(p.required || [])); }
    }
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (s.nullable) {
    if (out.enum) out.enum = [...out.enum, null];
    out = out.type ? { ...out, type: [out.type, 'null'] } : { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const api = await SwaggerParser.dereference(specFile);
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map();
function validatorFor(schema) {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(toJsonSchema(schema)));
  return compiled.get(schema);
}

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'];
// The response the spec declares for (route, method, status); `other` when
// the route has no such method (405) or no route matched (404, 400 bad_path).
function declared(route, method, status) {
  const path = api.paths[route];
  const op = path && path[method];
  if (op) return op.responses[String(status)] || op.responses.default;
  if ((path && status === 405) || (!path && route === 'unmatched' && [400, 404].includes(status)))
    return api.components.responses.Error;
  return undefined;
}

function problems(rec) {
  const method = rec.method.toLowerCase();
  const out = [];
  const resp = declared(rec.route, method, rec.status);
  if (!resp) return [`status ${rec.status} is not declared for ${rec.method} ${rec.route}`];
  const headers = Object.keys(resp.headers || {}).map((h) => h.toLowerCase());
  for (const [name] of rec.headers) {
    if (API_HEADERS.includes(name.toLowerCase()) && !headers.includes(name.toLowerCase()))
      out.push(`header ${name} is not declared for ${rec.status}`);
  }
  if (method === 'head' || !rec.body) return out;
  const type = rec.content_type.split(';')[0].trim();
  const media = resp.content && resp.content[type];
  if (!media) return [...out, `content type ${type} is not declared for ${rec.status}`];
  if (type !== 'application/json') return out;
  let body;
  try { body = JSON.parse(rec.body); } catch (e) { return [...out, `body is not JSON: ${e.message}`]; }
  const validate = validatorFor(media.schema);
  if (!validate(body))
    for (const e of validate.errors) out.push(`body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  return out;
}

let checked = 0;
let failed = 0;
const seen = new Set();
const files = readdirSync(recordings).filter((f) => f.endsWith('.jsonl'));
for (const file of files) {
  for (const line of readFileSync(join(recordings, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line);
    checked += 1;
    seen.add(`${rec.method} ${rec.route} ${rec.status}`);
    const found = problems(rec);
    if (found.length) {
      failed += 1;
      console.log(`FAIL: ${rec.method} ${rec.target} -> ${rec.status} (${rec.route})\n  ${found.join('\n  ')}`);
    }
  }
}
// What the tests never received is reported, not failed: the spec may
// declare refusals (413, a full disk) that other tests produce out of process.
for (const [route, path] of Object.entries(api.paths)) {
  for (const method of METHODS.filter((m) => path[m])) {
    const statuses = Object.keys(path[method].responses).filter((s) => s !== 'default');
    const missing = statuses.filter((s) => !seen.has(`${method.toUpperCase()} ${route} ${s}`));
    if (missing.length) console.log(`note: ${method.toUpperCase()} ${route}: no recorded ${missing.join(', ')}`);
  }
}
if (checked === 0) { console.log('FAIL: no recorded responses (run the edge/http tests first)'); failed = 1; }
console.log(`${checked - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
