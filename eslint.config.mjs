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
