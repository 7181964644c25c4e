#!/usr/bin/env node
// `transfer-tool …` / `npx transfer-tool …`: the CLI built into dist/ (npm run build, or npm run demo).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`transfer-tool is not built yet (${main} is missing): run \`npm run build\` in the checkout first\n`);
  process.exit(2);
}
require(main).runCli(process.argv);
