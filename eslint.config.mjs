// @ts-check
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'process', 'stream', 'timers', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'dist/**', 'migrations/Migration*.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Workflows are deterministic sandboxed code: no Node built-ins, no I/O libraries, activities by type only.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.flatMap((name) => [
            { name, message: 'No Node built-ins in workflows: do I/O in activities.' },
            { name: `node:${name}`, message: 'No Node built-ins in workflows: do I/O in activities.' },
          ]),
          patterns: [
            { group: ['axios', 'mysql2', '@mikro-orm/*', 'hono', 'hono/*', '@hono/*', 'pino', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'No I/O libraries in workflows: do I/O in activities.' },
            { regex: '^(\\.\\./)+(activities|lib|entities|api)(/|$)', allowTypeImports: true, message: 'Workflows import activities (and other runtime code) by type only.' },
          ],
        },
      ],
    },
  },
);
