/** Demo ids derived from fixed names, so running the demo again replays the same documents. */
const { createHash } = require('node:crypto');

function demoId(scope, name) {
  const h = createHash('sha1').update(`chain-erp-demo:${scope}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

module.exports = { demoId };
