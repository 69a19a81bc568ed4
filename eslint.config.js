import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // A file holds one idea and a function fits on a screen.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 600, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Folders are layers: imports point down only, and never in a loop.
    files: ['src/**/*.ts'],
    plugins: { layers },
    rules: { 'layers/imports': 'error' },
  },
  {
    // Below the adapters the world is reached through what the run is given: its Io
    // (what it says) and the step's environment (RunRequest.env), never the process's.
    files: ['src/**/*.ts'],
    ignores: ['src/action/**', 'src/cli/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['env', 'stdout', 'stderr'].map((property) => ({
          object: 'process',
          property,
          message: `Only the adapters (src/action, src/cli) use process.${property}: pass what is needed down (the run's Io, RunRequest.env).`,
        })),
        { object: 'console', message: "Say it through the run's Io, passed down." },
      ],
    },
  },
);
