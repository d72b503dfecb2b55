import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Pure unit tests of the carrier webhook providers: no Temporal server, no database, so no globalSetup. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/webhooks/**/*.test.ts'],
  },
});
