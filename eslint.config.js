// Lint configuration: type-checked typescript-eslint over all TypeScript sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'admin-ui/dist/**', 'bin/**', 'tmp/**', '.*', 'eslint.config.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // knex's query results are untyped; repositories state the row type with `as` once per query.
    files: ['plugin/store/**', 'test/**', 'migrations/**'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
);
