// ESLint flat config: typescript-eslint with type information (projectService reads tsconfig.json).
// `npm run lint`; `npm test` runs it. Rules turned off or relaxed below say why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'coverage/**',
      '.data/**',
      'fixtures/**',
      // Written by `npm run codegen` (typed resolvers); tsc checks them and `codegen --check` guards them.
      'subgraphs/*/src/generated/**',
      'bench/**/.build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The promise rules are the point of this gate: every promise is awaited, returned or voided.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      // `_name` marks a value dropped on purpose (rest-destructuring to omit a key, unused callback args).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Off: `async` on a function that implements a promise-returning contract (store adapters, Apollo
      // plugin hooks, test doubles) turns a synchronous throw into a rejection; that is wanted here.
      '@typescript-eslint/require-await': 'off',
      // Off: our interfaces declare callbacks in method shorthand (`stop(): Promise<void>`) but every
      // implementation is a closure that never reads `this`; the rule cannot tell and flags each one.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/test/**/*.ts'],
    rules: {
      // Off in tests only: Jest's asymmetric matchers (expect.any, expect.stringMatching, …) are typed
      // `any` by @types/jest, so every expected object that uses one is an "unsafe assignment".
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // Data boundary (issue 12): only the admin subgraph's data layer (src/data/) speaks MongoDB;
    // resolvers, loaders and rules call repository methods and never build store queries.
    files: ['subgraphs/admin/src/**/*.ts'],
    ignores: ['subgraphs/admin/src/data/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'mongodb',
              message:
                'Only subgraphs/admin/src/data/ talks to MongoDB: add an intent method to a repository there.',
            },
          ],
        },
      ],
    },
  },
  {
    // Data boundary: only the accounts subgraph's data layer (src/data/) talks to Redis.
    files: ['subgraphs/accounts/src/**/*.ts'],
    ignores: ['subgraphs/accounts/src/data/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'ioredis',
              message:
                'Only subgraphs/accounts/src/data/ talks to Redis: add a repository method there.',
            },
          ],
        },
      ],
    },
  },
  {
    // Workspace walls: another workspace is reached only through its front door, the `@fedmgmt/<name>`
    // package (its src/index.ts, package.json "exports"), never through its files: not
    // `@fedmgmt/<name>/src/...`, not a relative path into `<workspace>/src/`. The typescript-eslint
    // flavour of no-restricted-imports (same options as core, type-only imports included) so this
    // block composes with other blocks that configure the core rule: flat config replaces a rule's
    // options per rule name, it does not merge them. Dynamic import() is not covered by either rule,
    // hence the no-restricted-syntax twin. scripts/test/unit/workspaceWalls.test.ts proves both fire.
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@fedmgmt/[^/]+/(?!package\\.json$)',
              message: 'Import another workspace through its front door: `@fedmgmt/<name>` only.',
            },
            {
              regex:
                '^\\.\\.?/(?:.*/)?(?:gateway|admin|accounts|service-kit|embedded|testkit)/src(?:/|$)',
              message:
                "Another workspace's src/ is off limits: import its front door, `@fedmgmt/<name>`.",
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          // esquery regexes cannot hold a slash: \x2F is one.
          selector:
            'ImportExpression > Literal[value=/^(@fedmgmt\\x2F[^\\x2F]+\\x2F(?!package\\.json$)|\\.\\.?\\x2F(.*\\x2F)?(gateway|admin|accounts|service-kit|embedded|testkit)\\x2Fsrc(\\x2F|$))/]',
          message: 'Import another workspace through its front door: `@fedmgmt/<name>` only.',
        },
      ],
    },
  },
  {
    // Plain JavaScript: CommonJS bin shims and this file; no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // ES-module configs the bench hands to peer gateways (Hive Gateway reads gateway.config.mjs): Node globals.
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly' } },
  },
);
