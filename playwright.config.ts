import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the web console (console/e2e): Debian's Chromium (Playwright's own browser
 * download cannot be reached here), a real HQ server on real PostgreSQL and Redis serving the built
 * console (console/e2e/global-setup.ts). Run by `npm test` after jest, or `npm run test:browser`.
 */
export default defineConfig({
  testDir: 'console/e2e',
  globalSetup: require.resolve('./console/e2e/global-setup.ts'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // generous: CI machines and this one are shared and slow; nothing here measures speed
  timeout: 180_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  // the list, and on a failure what the page showed and the servers' last warnings (CI keeps only the output)
  reporter: [['list'], ['./console/e2e/failure-reporter.ts']],
  outputDir: 'console/test-results',
  use: {
    baseURL: process.env.CONSOLE_TEST_URL,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      // as on this machine's probe (docs/console.md): no sandbox as root, no background
      // networking (the closed network refuses it), a fresh profile per run (Playwright's)
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
