# baomi-gateway: multi-stage build, runs `baomi serve` as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles against Node's headers (no prebuilt download here).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
COPY src ./src
# onnxruntime-node ships every platform's library (~240 MB): keep this one's.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev \
 && find node_modules/onnxruntime-node/bin/napi-v6 -mindepth 2 -maxdepth 2 ! -path "*/linux/$(node -p process.arch)" -exec rm -rf {} +

FROM node:20-bookworm-slim
WORKDIR /app
# Inside a container the admin listener must listen on the container's address: publish
# port 9090 to the host's loopback or a private network only, and set BAOMI_METRICS_TOKEN.
ENV NODE_ENV=production BAOMI_DATA_DIR=/var/lib/baomi BAOMI_POLICY=/app/policies/default.yaml BAOMI_ADMIN_HOST=0.0.0.0
RUN groupadd --system baomi && useradd --system --gid baomi --home /var/lib/baomi baomi \
 && mkdir -p /var/lib/baomi && chown baomi:baomi /var/lib/baomi && chmod 700 /var/lib/baomi
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY policies ./policies
USER baomi
VOLUME /var/lib/baomi
EXPOSE 8080 9090
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:9090/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
