import type { Config } from 'jest';

// Every workspace's tests run under two projects: `unit` (in-process, no servers)
// and `integration` (real Redis and the MongoDB-compatible server on random ports).
// ts-jest in transpile-only mode (`npm test` typechecks with tsc first). jose 6 ships ESM
// only; Node 20 loads it through require(esm), but Jest's module runtime cannot, so Jest
// compiles it to CommonJS like our own TypeScript. (Pure-JS tooling on purpose: native
// transformers pull per-platform packages that not every registry mirror serves.)
const transform: Config['transform'] = {
  '^.+\\.(ts|js)$': [
    'ts-jest',
    {
      tsconfig: {
        module: 'commonjs',
        target: 'es2022',
        allowJs: true,
        esModuleInterop: true,
        isolatedModules: true,
      },
    },
  ],
};
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
const roots = [
  '<rootDir>/gateway',
  '<rootDir>/subgraphs',
  '<rootDir>/packages',
  '<rootDir>/scripts',
];

const config: Config = {
  projects: [
    {
      displayName: 'unit',
      roots,
      testMatch: ['**/test/unit/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      setupFiles: ['<rootDir>/scripts/jest.setup.ts'],
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      roots,
      testMatch: ['**/test/integration/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      setupFiles: ['<rootDir>/scripts/jest.setup.ts'],
      testEnvironment: 'node',
      slowTestThreshold: 30,
    },
  ],
  testTimeout: 60_000,
};

export default config;
