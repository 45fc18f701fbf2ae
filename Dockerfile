# syntax=docker/dockerfile:1
# Node's current LTS line (26, "Lithium", Active LTS from 2026-10-28 until 2027-10-20, security
# fixes until 2029-04-30). Both stages use the same image, so the SQLite driver compiled in the
# build stage matches the runtime's Node and C library.
ARG NODE_IMAGE=node:26-slim

# Build stage: compiles the native SQLite driver and the TypeScript, then drops dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Without scripts: `prepare` would compile sources not copied yet. The one native module is built
# explicitly, so this layer stays cached until the lock file changes.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
COPY cli ./cli
COPY prompts ./prompts
COPY data ./data
RUN npm run build && npm prune --omit=dev --ignore-scripts

# Runtime stage: compiled code, production dependencies, data files; no compiler, no sources
# (bin/liso.js runs dist/ when there are none), no dev tools.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    LISO_STORE=sqlite:///var/lib/liso/liso.sqlite
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# Teams' manifest schemas, which `liso teams:package` validates against (no network).
COPY adapters/teams/schemas ./adapters/teams/schemas
COPY prompts ./prompts
COPY data ./data
RUN mkdir -p /var/lib/liso && chown node:node /var/lib/liso
USER node
VOLUME ["/var/lib/liso"]
EXPOSE 3000
HEALTHCHECK --interval=60s --timeout=10s --start-period=90s --retries=3 CMD ["node", "bin/liso.js", "health"]
CMD ["node", "bin/liso.js", "start"]
