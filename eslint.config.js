// ESLint flat config: typescript-eslint's type-checked rules over every
// TypeScript project of the repo, and eslint-plugin-lit for the PWA's templates.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typed = (files, project) => ({
  files,
  languageOptions: { parserOptions: { project, tsconfigRootDir: import.meta.dirname } },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.cache/**', 'test-results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  typed(['server/**/*.ts', 'shared/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'], './tsconfig.json'),
  typed(['test/e2e/**/*.ts'], './test/e2e/tsconfig.json'),
  typed(['kiosk/src/**/*.ts', 'kiosk/vite.config.ts'], './kiosk/tsconfig.json'),
  typed(['kiosk/sw.ts'], './kiosk/tsconfig.sw.json'),
  { files: ['kiosk/**/*.ts'], ...lit.configs['flat/recommended'], languageOptions: { globals: globals.browser } },
  {
    // Tests and benches read JSON answers as \`any\` on purpose (asserting on them is the check):
    // the unsafe-any family would only add casts there. Promise handling is checked everywhere.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    rules: {
      // Fastify plugins and handlers are async by contract, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      // The two the type checker cannot see: a promise nobody awaits or catches, and one handed where a void callback is expected.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
