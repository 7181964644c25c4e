import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerProblems } from '../common/http/api-contract';

const documents = new Map<string, Record<string, unknown>>();

/**
 * Fails when a real answer differs from the committed OpenAPI document (docs/openapi/<server>.json)
 * for that operation: the row classes the document shows are the rows the service returns.
 * `path` is the document's template (`/api/wholesale/orders`, `/api/x/{id}`).
 */
export function expectAnswerAsDocumented(server: 'hq' | 'store', method: string, path: string, body: unknown): void {
  let doc = documents.get(server);
  if (!doc) {
    doc = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'openapi', `${server}.json`), 'utf8')) as Record<string, unknown>;
    documents.set(server, doc);
  }
  const problems = answerProblems(doc, method, path, body);
  if (problems.length) throw new Error(`the answer differs from docs/openapi/${server}.json:\n  ${problems.slice(0, 20).join('\n  ')}`);
}
