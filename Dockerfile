# syntax=docker/dockerfile:1
# soundtrack-bot: a slim image that runs the bot as a non-root user.
#   docker build -t soundtrack-bot .
#   docker run --env-file .env -v ./seeds:/app/seeds -v ./config:/app/config -v bot-data:/app/data soundtrack-bot
# seeds/ and config/ are volumes so moderators edit them on the host and reload (SIGHUP or /reload).

ARG PYTHON=3.11

# --- build: install the locked dependencies (hashes checked) into a virtual environment ---------
FROM python:${PYTHON}-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN python -m venv /venv
COPY requirements.lock ./
RUN /venv/bin/pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY retrieval ./retrieval
RUN /venv/bin/pip install --no-deps .

# --- run: the venv, the default corpus and config, nothing else ---------------------------------
FROM python:${PYTHON}-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    BOT_SEEDS_DIR=/app/seeds \
    BOT_CONFIG_DIR=/app/config \
    BOT_DATA_DIR=/app/data
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin bot
WORKDIR /app
COPY --from=build /venv /venv
COPY --chown=bot:bot seeds ./seeds
COPY --chown=bot:bot config ./config
RUN mkdir -p /app/data && chown bot:bot /app/data
USER bot
VOLUME ["/app/seeds", "/app/config", "/app/data"]
# SIGTERM: refuse new interactions, finish those in flight, close (bot.shutdown_grace seconds).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["soundtrack-bot", "health"]
CMD ["soundtrack-bot", "run"]
