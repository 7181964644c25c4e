/** One jest run for the whole repository: a project per package, real PostgreSQL and Redis. */
const packages = ['shared', 'hq-server', 'store-server', 'transfer-tool', 'system-test'];

const moduleNameMapper = {
  '^@chain-erp/shared$': '<rootDir>/../shared/src/index.ts',
  '^@chain-erp/shared/testing$': '<rootDir>/../shared/src/testing/index.ts',
  '^@chain-erp/shared/transfer$': '<rootDir>/../shared/src/transfer/index.ts',
  '^@chain-erp/api-client$': '<rootDir>/../api-client/src/index.ts',
  '^@chain-erp/hq-server/(.*)$': '<rootDir>/../hq-server/src/$1',
  '^@chain-erp/store-server/(.*)$': '<rootDir>/../store-server/src/$1',
  '^@chain-erp/transfer-tool/(.*)$': '<rootDir>/../transfer-tool/src/$1',
};

module.exports = {
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  maxWorkers: process.env.JEST_WORKERS ?? 2,
  testTimeout: 60_000,
  projects: [
    ...packages.map((p) => ({
      displayName: p,
      rootDir: `<rootDir>/${p}`,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.spec.json', diagnostics: false }] },
      moduleNameMapper,
      setupFiles: ['<rootDir>/../test/setup-env.js'],
    })),
    // checks of the repository itself (README and docs/), no package of ours
    {
      displayName: 'repo',
      rootDir: '<rootDir>',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] },
    },
  ],
};
