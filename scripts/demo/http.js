/**
 * The demo's HTTP client: node:http, not fetch — fetch refuses "bad ports" such as 6000 without
 * trying (the demo then waited 120 s for a healthy HQ that was up). The same client as the servers'
 * own calls between each other (shared/src/common/http-client.ts, built into shared/dist).
 */
const { httpCall } = require('../../shared/dist/common/http-client');

/**
 * `call(url, { method, token, body, headers, raw, timeoutMs })` → `{ status, body, headers }`: body
 * JSON-encoded unless `raw` (then sent as it is, with the caller's content-type); the answer's body
 * parsed as JSON when it is JSON.
 */
async function call(url, { method = 'GET', token, body, headers, raw, timeoutMs = 300_000 } = {}) {
  const res = await httpCall(url, {
    method,
    headers: { ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    timeoutMs,
  });
  const text = res.body.toString('utf8');
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A multipart/form-data body with one file: `{ body, contentType }` for call(…, { raw: true }). */
function multipartFile(field, filename, content, type) {
  const boundary = `----chain-erp-demo-${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { body: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The real reason a call failed (`connect ECONNREFUSED 127.0.0.1:3000`, `no answer within 5000 ms`). */
function describeError(e) {
  return e?.code && !String(e.message).includes(e.code) ? `${e.message} (${e.code})` : String(e?.message ?? e);
}

module.exports = { call, multipartFile, describeError };
