import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import reclib from './scripts/architecture/eslint-floors.mjs';

const noElectron = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: 'Core and shared code run in plain Node: take what Electron knows as a dependency instead.' }],
      patterns: [{ group: ['electron/*'], message: 'Core and shared code never import Electron.' }],
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/', 'node_modules/', '.node/', '.tmp/', 'test-results/', 'playwright-report/', 'src-main/core/catalog/migrations/', 'bench/.data/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['src-main/core/**/*.ts', 'src-shared/**/*.ts'], rules: noElectron },
  {
    // The floors of the house: who may import whom (scripts/architecture/floors.mjs).
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    plugins: { reclib },
    rules: { 'reclib/floors': 'error' },
  },
  {
    // A promise nobody awaits loses its error; one handed to a callback that ignores it does too.
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': 'error' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, 'react-hooks/set-state-in-effect': 'off', 'react-hooks/refs': 'off', 'react-hooks/incompatible-library': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
