import { ESLint } from 'eslint';
import { join } from 'node:path';

/**
 * The package map (docs/design.md §3) and the one-stock-writer rule (§4) are lint rules
 * (eslint.config.js); these cases prove the rules catch what they are for, and leave alone what is
 * allowed. Types are not needed for these rules, so the files are parsed without a program (fast).
 */
const root = join(__dirname, '..');
// the config as an object: ESLint would load the file with a dynamic import, which jest's VM refuses
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the repository's CommonJS config
const config = require('../eslint.config.js') as ESLint.Options['overrideConfig'] & object[];
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [...config, { languageOptions: { parserOptions: { project: false, projectService: false } } }],
  ruleFilter: ({ ruleId }) => ruleId === '@typescript-eslint/no-restricted-imports' || ruleId === 'no-restricted-syntax',
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('package boundaries', () => {
  it.each([
    ['shared/src/common/x.ts', "import { HQ_SERVER } from '@chain-erp/hq-server/server';"],
    ['shared/src/common/x.ts', "import { main } from '../../../transfer-tool/src/main';"],
    ['hq-server/src/x.ts', "import { STORE_SERVER } from '@chain-erp/store-server/server';"],
    ['hq-server/test/x.e2e-spec.ts', "import { STORE_SERVER } from '../../store-server/src/server';"],
    ['store-server/test/x.e2e-spec.ts', "import { HQ_SERVER } from '@chain-erp/hq-server/server';"],
    ['store-server/test/x.e2e-spec.ts', "import { feedSettled } from '../../system-test/test/transfer-helpers';"],
    ['transfer-tool/test/x.e2e-spec.ts', "import { STORE_SERVER } from '@chain-erp/store-server/server';"],
    ['transfer-tool/test/x.e2e-spec.ts', "import { feedSettled } from '@chain-erp/store-server/../test/transfer-helpers';"],
    ['console/src/x.ts', "import { dec } from '@chain-erp/shared';"],
    ['transfer-tool/src/x.ts', "import { SyncEngine } from '@chain-erp/shared';"],
    ['shared/src/common/x.ts', "import { AuditService } from '../documents/audit.service';"],
    ['shared/src/common/http/x.ts', "import type { PermissionCode } from '../../identity/permissions';"],
  ])('%s may not: %s', async (file, code) => {
    const found = await problems(file, code);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p.startsWith('@typescript-eslint/no-restricted-imports'))).toBe(true);
  });

  it.each([
    ['hq-server/src/x.ts', "import { dec } from '@chain-erp/shared';"],
    ['store-server/test/x.e2e-spec.ts', "import { STORE_SERVER } from '../src/server';"],
    ['system-test/test/x.e2e-spec.ts', "import { HQ_SERVER } from '@chain-erp/hq-server/server';\nimport { STORE_SERVER } from '@chain-erp/store-server/server';"],
    ['console/src/x.ts', "import { createHqClient } from '@chain-erp/api-client';"],
    ['transfer-tool/src/x.ts', "import { SyncEngine } from '@chain-erp/shared/transfer';"],
    ['shared/src/common/http/x.ts', "import { DomainException } from '../errors';\nimport { dec } from '../../common/money';"],
    ['shared/src/app/x.ts', "import { AuditService } from '../documents/audit.service';"],
  ])('%s may: %s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});

describe('only shared/src/inventory writes stock tables', () => {
  const writes = [
    "await m.query('UPDATE stock_balance SET qty = 0');",
    'await m.query(`INSERT INTO stock_ledger (id) VALUES ($1)`, [id]);',
    'await m.query(`DELETE FROM stock_alert WHERE org_unit_id = $1`, [id]);',
    'await m.query(`COPY stock_batch FROM STDIN`);',
    'await connection.repo(tx, StockBalance).save(row);',
    'await manager.insert(StockLedger, rows);',
    'await insertRows(m, [{ entity: StockBatch, rows }]);',
  ];

  it.each(writes)('a server module may not: %s', async (code) => {
    const found = await problems('hq-server/src/x.service.ts', `async function f(m: any, connection: any, manager: any, tx: any, id: string, row: any, rows: any) { ${code} }`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-restricted-syntax: writes a stock table/);
  });

  it.each(writes)('shared/src/inventory may: %s', async (code) => {
    expect(
      await problems('shared/src/inventory/x.service.ts', `async function f(m: any, connection: any, manager: any, tx: any, id: string, row: any, rows: any) { ${code} }`),
    ).toEqual([]);
  });

  it('reading stock anywhere is fine', async () => {
    const code = "async function f(m: any, connection: any, tx: any) { await m.query('SELECT qty FROM stock_balance'); await connection.repo(tx, StockBalance).find(); }";
    expect(await problems('store-server/src/x.service.ts', code)).toEqual([]);
  });
});
