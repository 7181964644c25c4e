const { existsSync } = require('node:fs');
const { join } = require('node:path');

/** Loads a module of the built code, or stops with one line saying how to build it. */
exports.requireBuilt = function requireBuilt(rel) {
  const file = join(__dirname, '..', rel);
  if (!existsSync(file + '.js') && !existsSync(join(file, 'index.js'))) {
    process.stderr.write(`${rel} is not built: run npm run build first\n`);
    process.exit(3);
  }
  return require(file);
};
