# Image for both the API and the worker (docker-compose.yml picks the command).
# No build step: the TypeScript sources run through tsx, which is a runtime dependency.
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so editing sources does not invalidate this layer.
COPY package.json package-lock.json ./
# The postinstall step applies these patches to dependencies (patch-package).
COPY patches ./patches
RUN npm ci && npm cache clean --force

COPY . .

# DATA_DIR (letters outbox, …) must be writable by the unprivileged user.
RUN mkdir -p /app/data && chown node:node /app/data

USER node

EXPOSE 3000
CMD ["npm", "run", "api"]
