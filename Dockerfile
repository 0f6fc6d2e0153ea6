FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libmagic1 \
    fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
COPY . .
ENV PATH="/opt/venv/bin:$PATH"
RUN DEBUG=1 python manage.py collectstatic --no-input -v0
RUN useradd --system --uid 1000 imuse && mkdir -p /data/private && chown imuse /data/private
USER imuse
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && gunicorn imuse.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
