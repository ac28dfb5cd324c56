# syntax=docker/dockerfile:1
# Production image: gunicorn serving config.wsgi with the production settings.
#   docker build -t site .
#   docker run --env-file .env -p 8000:8000 site                  # web (the default command)
#   docker run --env-file .env site celery -A config worker -l INFO
#   docker run --env-file .env site python manage.py migrate --no-input
ARG PYTHON_VERSION=3.12

FROM python:${PYTHON_VERSION}-slim-bookworm AS build
COPY --from=ghcr.io/astral-sh/uv:0.13 /uv /uvx /usr/local/bin/
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app
# Dependencies first (exactly the lock file, no dev tools), so code changes reuse this layer.
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    uv sync --frozen --no-dev --no-install-project
COPY . .
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev
# Static files are collected once, at build, with the production settings (hashed names,
# compressed copies for whitenoise). The values below exist only to let the settings load:
# collectstatic opens no database, cache or Stripe connection, and none of them is kept.
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    SECRET_KEY=build-time-only-not-a-secret \
    ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build@build.invalid:5432/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    STRIPE_PUBLISHABLE_KEY=pk_build STRIPE_SECRET_KEY=sk_build STRIPE_WEBHOOK_SECRET=whsec_build \
    /app/.venv/bin/python manage.py collectstatic --no-input -v 0

FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
    && install -d -o app -g app /app/media /app/private-media /tmp/prometheus
WORKDIR /app
COPY --from=build --chown=app:app /app /app
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus \
    PORT=8000
USER app:app
EXPOSE 8000
VOLUME ["/app/media", "/app/private-media"]
# Liveness only (the process answers): /readyz is for the load balancer, which should stop
# sending traffic, not restart the container, when a dependency is down.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "config.healthcheck"]
CMD ["gunicorn", "--config", "config/gunicorn.py"]
