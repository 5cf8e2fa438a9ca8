// Lint with type information (typescript-eslint's recommendedTypeChecked) over every TypeScript file of the
// packages, plugins and cross-package tests; configuration files and plain JavaScript (scripts, benches, the
// command's launcher) get the rules that need no types.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const untyped = tseslint.configs.disableTypeChecked;

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['packages/*/tsconfig.lint.json', 'plugins/*/tsconfig.lint.json', 'test/*/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A leading underscore marks a parameter or binding kept for its position or left out on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // vitest's asymmetric matchers (expect.objectContaining, expect.stringContaining, …) are typed `any`.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-argument': 'off' },
  },
  {
    files: ['**/*.{js,mjs}', '**/vitest.config.ts', 'vitest.base.ts', 'vitest.setup.ts'],
    ...untyped,
    languageOptions: { ...untyped.languageOptions, globals: globals.node },
  },
  {
    // The command's launcher is CommonJS (packages/cli/bin/package.json), which starts faster.
    files: ['packages/cli/bin/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
