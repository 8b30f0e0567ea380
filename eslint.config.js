// Lint rules that guard the architecture: workflow code stays deterministic (no Node built-ins, no runtime
// imports of activities or I/O libraries) and no promise is left floating anywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.tools/**', 'bench/results/**', 'src/platform/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/workflows.ts', 'src/features/*/workflow.ts', 'src/features/*/contract.ts', 'src/domain/**/*.ts', 'src/platform/i18n/**/*.ts', 'src/platform/temporal/vocabulary.ts', 'src/platform/telemetry/workflow-interceptors.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'postgres', 'drizzle-orm', 'nodemailer', 'pino', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'].map((name) => ({
            name,
            message: 'Workflow code must stay deterministic: no I/O or Node built-ins (call an activity).',
          })),
          patterns: [
            { group: ['**/activities', '**/platform/db/**', '**/platform/http/**', '**/platform/pages/**', '**/platform/mail/mailer', './http', './store', './use-cases', './pages', '../*/http', '../*/store', '../*/use-cases', '../*/pages'], allowTypeImports: true, message: 'Import activities (and other side-effect code) only as types: `import type`.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read loosely typed JSON bodies.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Converters the SDK loads by path (src/platform/temporal/failure-converter.cjs): plain CommonJS.
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable', module: 'writable' } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
);
