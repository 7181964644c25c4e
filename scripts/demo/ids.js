/**
 * Demo ids derived from a scope and a name (name-based, like UUID v5). `version` is the UUID version
 * nibble: 4 where an API takes only v4 ids (the member center's idempotency keys).
 */
const { createHash, randomUUID } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

function demoId(scope, name, version = 5) {
  const h = createHash('sha1').update(`chain-erp-demo:${scope}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${version}${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The run number on a data folder, counted in `demo-run.json` there with a seed born with the
 * folder: documents of each run get ids of their own, and two data folders never share one.
 */
function nextRun(dataDir) {
  const file = join(dataDir, 'demo-run.json');
  const last = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { seed: randomUUID(), run: 0 };
  const next = { seed: last.seed, run: last.run + 1 };
  writeFileSync(file, JSON.stringify(next) + '\n');
  return next;
}

module.exports = { demoId, nextRun };
