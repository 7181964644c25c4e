import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Prints what a failed browser test saw — the page's snapshot (Playwright's error context) and the
 * servers' last warnings — into the run's own output. CI keeps only that output: a failure that
 * does not repeat on another machine must still be diagnosable from it.
 */
export default class FailureReporter implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'passed' || result.status === 'skipped') return;
    const out: string[] = [`\n── what "${test.title}" saw when it failed (${result.status}) ──`];
    for (const a of result.attachments) {
      if (a.name !== 'error-context' || !a.path || !existsSync(a.path)) continue;
      out.push(...clip(readFileSync(a.path, 'utf8'), 150));
    }
    const logDir = join(__dirname, '..', 'test-logs');
    if (existsSync(logDir)) {
      for (const f of readdirSync(logDir).filter((x) => x.endsWith('.log'))) {
        const tail = clip(readFileSync(join(logDir, f), 'utf8'), Infinity).slice(-12);
        if (tail.length) out.push(`── ${f} (last ${tail.length} lines) ──`, ...tail);
      }
    }
    process.stdout.write(`${out.join('\n')}\n`);
  }
}

/** Non-empty lines, each at most 400 characters, at most `max` of them. */
function clip(text: string, max: number): string[] {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines.slice(0, max).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l));
}
