# GenAI Guideline Portal: one image for the web (gunicorn), worker (celery) and migrate services.
#   docker build -t genai-guideline-portal .
FROM python:3.11-slim-bookworm

# PYTHONPATH: the source tree in /app, not the copy pip puts in site-packages, is what runs. The
# settings find templates/, static/ and locale/ relative to portal/, and Celery puts the working directory on sys.path only while it loads the app.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/var/lib/portal/media

# WeasyPrint's libraries (libharfbuzz-subset0 is not optional: without it a Chinese PDF takes
# seconds instead of a fraction of one), CJK fonts and the reports' fallback fonts for other scripts and
# emoji, gettext for compilemessages, libmagic1 to recognise evidence files by their content, curl for
# health checks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libffi8 \
        fonts-noto-cjk fonts-noto-core fonts-noto-color-emoji gettext libmagic1 curl \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin portal

WORKDIR /app

# Dependencies in their own layer, so that a code change does not reinstall them: pyproject.toml
# with empty stand-ins for the packages is enough for pip to resolve and install them.
COPY pyproject.toml README.md ./
RUN mkdir -p portal guideline_content accounts assessments \
    && touch portal/__init__.py guideline_content/__init__.py accounts/__init__.py \
    && pip install . \
    && rm -rf portal guideline_content accounts assessments build ./*.egg-info

# The whole build context (see .dockerignore), then the project itself over the stand-in install.
COPY . .
RUN pip install --no-deps . && rm -rf build ./*.egg-info

# Build-time settings only, never in the image's environment.
# - compilemessages stops with "should be run from the Django Git checkout" if no locale/ exists.
# - collectstatic runs with DEBUG off so it uses the production storage
#   (CompressedManifestStaticFilesStorage) and writes staticfiles.json: files collected with
#   DEBUG=true have no manifest, and with DEBUG off every page using {% static %} then fails with
#   a 500 ("Missing staticfiles manifest entry"). DEBUG off needs these four values; the SQLite
#   database is never opened.
RUN mkdir -p locale \
    && DEBUG=true SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv \
    && SECRET_KEY=build-only ALLOWED_HOSTS=localhost PORTAL_BASE_URL=http://localhost \
        DATABASE_URL=sqlite:////tmp/build-only.sqlite3 \
        python manage.py collectstatic --noinput \
    && mkdir -p "$MEDIA_ROOT" \
    && chown portal:portal "$MEDIA_ROOT"

USER portal

EXPOSE 8000

# Compose overrides this for the worker and disables it for the one-shot migrate service.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1

# Workers and threads from the CPU count, preload and gc.freeze(): see gunicorn.conf.py.
CMD ["gunicorn", "portal.wsgi:application", "--config", "gunicorn.conf.py"]
