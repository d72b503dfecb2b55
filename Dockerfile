# One image for every Aftercart process; the command picks the role:
#   tsx api/main.ts          HTTP API (default)
#   tsx workers/main.ts      Temporal worker
#   tsx scripts/migrate.ts   one-shot database migration
# TypeScript runs through tsx, exactly as the package scripts do (tsx is a runtime dependency).
# Debian (glibc) rather than Alpine: the Temporal SDK's native core bridge and @swc/core ship glibc builds.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    PATH=/app/node_modules/.bin:$PATH

WORKDIR /app

# Dependencies first so this layer is cached until the lockfile changes. Install scripts stay off, as the
# package.json allowScripts list says: none of them (esbuild, @swc/core, protobufjs) is needed to run.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

COPY . .

# The workflow bundle is built once here, so a (re)started worker polls within seconds instead of bundling.
RUN tsx scripts/bundle-workflows.ts

# Source and dependencies stay root-owned and read-only for the app user; tsx caches compiled files in /tmp.
USER node

EXPOSE 3000
# Run tsx directly, not through `npm run`: npm does not pass SIGTERM on to the app, so a stopping container
# would be killed instead of shutting down gracefully.
CMD ["tsx", "api/main.ts"]
