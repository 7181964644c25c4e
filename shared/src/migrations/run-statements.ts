import { type QueryRunner } from 'typeorm';

/**
 * A migration's statements for tables both servers have (issue 25 §6): HQ's and the store's
 * migrations run the same list, so the two schemas cannot drift apart. `down` undoes `up`.
 */
export interface SharedSchemaStep {
  readonly up: readonly string[];
  readonly down: readonly string[];
}

/** Runs the statements one by one, in order, on the migration's query runner. */
export async function runStatements(q: QueryRunner, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await q.query(sql);
}
