#!/usr/bin/env node
/**
 * Writes a migration with the SQL that brings a database migrated to the newest migration up to
 * the entities:  npm run migration -- hq AddSuppliers
 * Runs on the built code (it builds first) and a throwaway embedded PostgreSQL. Review the SQL: add
 * triggers, constraints and data moves by hand where the entities cannot express them.
 */
const { execSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

async function main() {
  const [server, name] = process.argv.slice(2);
  if (!['hq', 'store'].includes(server) || !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
    console.error('usage: npm run migration -- <hq|store> <PascalCaseName>');
    process.exit(2);
  }
  execSync('npx tsc -b', { stdio: 'inherit' });
  require('reflect-metadata');
  const shared = require('../shared/dist');
  const pkg = server === 'hq' ? 'hq-server' : 'store-server';
  const entities = require(`../${pkg}/dist/entities`);
  const migrations = require(`../${pkg}/dist/migrations`);
  const dir = mkdtempSync(join(tmpdir(), 'chain-migration-'));
  const pg = await shared.startEmbeddedPostgres({ dataDir: dir });
  try {
    await pg.ensureDatabase('gen');
    const { DataSource } = require('typeorm');
    const ds = new DataSource({
      type: 'postgres',
      url: pg.url('gen'),
      uuidExtension: 'pgcrypto',
      installExtensions: false,
      entities: [...shared.CORE_ENTITIES, ...Object.values(entities).flat()],
      migrations: Object.values(migrations).flat(),
    });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    await ds.destroy();
    if (!sql.upQueries.length) {
      console.log('entities and migrations agree: nothing to write');
      return;
    }
    const ts = Date.now();
    const esc = (q) => '`' + q.query.replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  async up(q: QueryRunner): Promise<void> {
${sql.upQueries.map((x) => `    await q.query(${esc(x)});`).join('\n')}
  }

  async down(q: QueryRunner): Promise<void> {
${sql.downQueries
  .reverse()
  .map((x) => `    await q.query(${esc(x)});`)
  .join('\n')}
  }
}
`;
    const file = join(__dirname, '..', pkg, 'src', 'migrations', `${ts}-${name}.ts`);
    writeFileSync(file, body);
    const index = join(__dirname, '..', pkg, 'src', 'migrations', 'index.ts');
    let idx = readFileSync(index, 'utf8');
    idx = idx.replace(/(import \{ Type \} from '@nestjs\/common';)/, `import { ${name}${ts} } from './${ts}-${name}';\n$1`);
    idx = idx.replace(/(_MIGRATIONS: Type\[\] = \[)([^\]]*)\]/, (_m, a, b) => `${a}${b.trim() ? b.trim().replace(/,$/, '') + ', ' : ''}${name}${ts}]`);
    writeFileSync(index, idx);
    console.log(`wrote ${file} (${sql.upQueries.length} statements) and added it to migrations/index.ts`);
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
