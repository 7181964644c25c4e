import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export interface StatementFailure {
  name: string;
  error: string;
}

/**
 * Prepares each statement (PostgreSQL parses and analyses it: tables, columns, types, parameter
 * types) on the database at `url` without running it, and answers the ones that fail. The same
 * check the server's first run of the statement would make.
 */
export async function prepareStatements(url: string, statements: Array<{ name: string; sql: string }>): Promise<StatementFailure[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const failures: StatementFailure[] = [];
  try {
    for (const [i, s] of statements.entries()) {
      try {
        await c.query(`PREPARE check_${i} AS ${s.sql}`);
        await c.query(`DEALLOCATE check_${i}`);
      } catch (e) {
        failures.push({ name: s.name, error: e instanceof Error ? e.message : String(e) });
      }
    }
  } finally {
    await c.end();
  }
  return failures;
}

/** The `*.repository.ts` files under these folders that declare no statements (`sqlStatements`, or a `composedReport`'s), relative to `root`. */
export function undeclaredRepositories(root: string, dirs: string[]): string[] {
  const files = dirs.flatMap((d) => readdirSync(join(root, d), { recursive: true, encoding: 'utf8' }).map((f) => join(d, f)));
  return files.filter((f) => f.endsWith('.repository.ts') && !/\b(sqlStatements|composedReport)\(/.test(readFileSync(join(root, f), 'utf8'))).sort();
}
