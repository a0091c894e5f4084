// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import * as espree from 'espree';
import globals from 'globals';

/** Every typescript-eslint rule, turned off: for plain browser JavaScript parsed by espree. */
const typescriptRulesOff = Object.fromEntries(
  tseslint.configs.strictTypeChecked
    .flatMap((config) => Object.keys(config.rules ?? {}))
    .filter((rule) => rule.startsWith('@typescript-eslint/'))
    .map((rule) => [rule, 'off']),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tools/**', 'coverage/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-console': 'error',
      // Arrow shorthands such as `(message) => logger.info(message)` read better than braces.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Mongoose schema definitions are object literals by design.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The Teams tab: plain browser modules served as they are, with the teams-js global.
    // Parsed by espree, JavaScript's own parser: TypeScript's recovers from some syntax errors
    // (`export export const x`) that a browser would refuse, and the lint must catch them.
    files: ['tab/**/*.js', 'webchat/page/**/*.js'],
    // typescript-eslint's rules expect its own syntax tree; these files get JavaScript's rules.
    rules: typescriptRulesOff,
    languageOptions: {
      parser: espree,
      sourceType: 'module',
      // teams-js in the tab, Bot Framework Web Chat's bundle on /chat.
      globals: { ...globals.browser, microsoftTeams: 'readonly', WebChat: 'readonly' },
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
