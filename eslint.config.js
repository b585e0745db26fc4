import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** Files in `files` may not import from the folders named in `above`. */
function layer(files, above) {
  return {
    files: files.map((glob) => `${glob}/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: above.map((folder) => ({
            group: [`**/${folder}/*`, `**/${folder}/**`],
            message: `${folder}/ sits above this folder; see docs/architecture.md`,
          })),
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.data', '**/.next', 'coverage', 'portal/next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // The layers (docs/architecture.md): a folder imports only the ones below it.
  layer(
    ['src/http/**', 'src/events/**', 'src/eventstore/**', 'src/db/**'],
    ['projections', 'webhooks', 'readModels', 'auth', 'commands', 'queries', 'app', 'cli', 'demo'],
  ),
  layer(
    ['src/projections/**'],
    ['webhooks', 'readModels', 'auth', 'commands', 'queries', 'app', 'cli', 'demo'],
  ),
  layer(['src/webhooks/**'], ['readModels', 'auth', 'commands', 'queries', 'app', 'cli', 'demo']),
  layer(['src/readModels/**'], ['auth', 'commands', 'queries', 'app', 'cli', 'demo']),
  layer(['src/auth/**'], ['commands', 'queries', 'app', 'cli', 'demo']),
  layer(['src/commands/**'], ['queries', 'app', 'cli', 'demo']),
  layer(['src/queries/**'], ['commands', 'app', 'cli', 'demo']),
  {
    files: ['portal/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
