# syntax=docker/dockerfile:1
# mynapin: two stages. `build` compiles the TypeScript and the intent snapshot with the dev tools;
# `runtime` carries only the production dependencies, dist/ and the data, and runs as the unprivileged
# `node` user. See docs/deploy.md.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 falls back to compiling itself when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# The lock file was written by npm 11; the Node 20 image ships npm 10.
RUN npm install -g npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY intents ./intents
# The labelled sets the matcher's n-gram classifier learns from (src/nlu/classifier-training.ts).
COPY test/fixtures ./test/fixtures
# `npm ci` runs `prepare`, which is `npm run build` (tsc + the intent snapshot).
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY intents ./intents
COPY line ./line
# Read at start to check that dist/classifier-model.bin was trained on these very sets; without
# them the classifier would quietly retrain on the phrases alone.
COPY test/fixtures ./test/fixtures
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# SIGTERM starts the graceful shutdown (SHUTDOWN_TIMEOUT_MS); give the container longer than that.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/cli.js", "serve"]
