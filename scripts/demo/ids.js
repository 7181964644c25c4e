/**
 * Demo ids derived from fixed names, so running the demo again replays the same documents. `version`
 * is the UUID version nibble: 4 where an API takes only v4 ids (the member center's idempotency keys).
 */
const { createHash } = require('node:crypto');

function demoId(scope, name, version = 5) {
  const h = createHash('sha1').update(`chain-erp-demo:${scope}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${version}${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

module.exports = { demoId };
