/**
 * The SQL a repository holds, declared once so a test can prepare every statement against the
 * migrated schema (`prepareStatements` in `@chain-erp/shared/testing`): a misspelt or renamed
 * column fails the suite in seconds instead of a request in production. A repository writes
 *
 *   const SQL = sqlStatements('settlement.ledger', { balance: `SELECT … WHERE id = $1`, … });
 *
 * and runs `SQL.balance`. Statements built from parts (a report's filters, one per replicated
 * table) register the texts they build: `sqlStatements(owner, () => ({ … }))`, called by the test.
 */
export type StatementTexts = Record<string, string>;

/** Where a statement runs: both servers' schemas unless the repository is one server's. */
export type StatementSchema = 'hq' | 'store';

interface Registered {
  owner: string;
  schemas: StatementSchema[];
  texts: StatementTexts | (() => StatementTexts);
}

const registry = new Map<string, Registered>();

/** Declares a repository's statements (owner: `<module>.<feature>`, unique) and answers them. */
export function sqlStatements<T extends StatementTexts>(owner: string, texts: T, schemas?: StatementSchema[]): T;
export function sqlStatements(owner: string, texts: () => StatementTexts, schemas?: StatementSchema[]): void;
export function sqlStatements(owner: string, texts: StatementTexts | (() => StatementTexts), schemas: StatementSchema[] = ['hq', 'store']): StatementTexts | void {
  if (registry.has(owner)) throw new Error(`SQL statements of ${owner} declared twice`);
  registry.set(owner, { owner, schemas, texts });
  return typeof texts === 'function' ? undefined : texts;
}

/** Every declared statement that runs on this schema, as `owner.name` → text. */
export function declaredStatements(schema: StatementSchema): Array<{ name: string; sql: string }> {
  return [...registry.values()]
    .filter((r) => r.schemas.includes(schema))
    .flatMap((r) => Object.entries(typeof r.texts === 'function' ? r.texts() : r.texts).map(([name, sql]) => ({ name: `${r.owner}.${name}`, sql })));
}
