# baomi-gateway: multi-stage build on a maintained Node.js LTS, runs `baomi serve`
# as a numeric non-root user (Kubernetes' runAsNonRoot can check a number, not a name).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Native modules (better-sqlite3) compile against the headers this image ships:
# npm_config_nodedir stops node-gyp from downloading them.
ENV npm_config_nodedir=/usr/local
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
COPY src ./src
# onnxruntime-node ships every platform's library (~240 MB): keep this one's.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev \
 && find node_modules/onnxruntime-node/bin/napi-v6 -mindepth 2 -maxdepth 2 ! -path "*/linux/$(node -p process.arch)" -exec rm -rf {} +

FROM ${NODE_IMAGE}
WORKDIR /app
# Inside a container the admin listener must listen on the container's address: publish
# it to the host's loopback or a private network only, and set BAOMI_METRICS_TOKEN.
ENV NODE_ENV=production BAOMI_DATA_DIR=/var/lib/baomi BAOMI_POLICY=/app/policies/default.yaml BAOMI_ADMIN_HOST=0.0.0.0 BAOMI_ADMIN_PORT=9090
RUN groupadd --gid 10001 baomi && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /var/lib/baomi baomi \
 && mkdir -p /var/lib/baomi && chown 10001:10001 /var/lib/baomi && chmod 700 /var/lib/baomi
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY policies ./policies
USER 10001:10001
VOLUME /var/lib/baomi
EXPOSE 8080 9090
# The admin port is a setting: the health check follows it.
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.BAOMI_ADMIN_PORT||9090)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
