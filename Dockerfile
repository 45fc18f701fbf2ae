# syntax=docker/dockerfile:1
# Build stage: compiles TypeScript and the native SQLite driver, then drops dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY cli ./cli
COPY prompts ./prompts
COPY data ./data
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled code, production dependencies, data files; no compiler, no dev tools.
FROM node:20-bookworm-slim
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
