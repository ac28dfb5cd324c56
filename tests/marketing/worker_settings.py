"""Settings for a real Celery worker started by the integration test: the test's own database,
Redis as broker, and SMTP to the test's local sink."""

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES, env

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env.int("SMTP_SINK_PORT")
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = env("REDIS_URL")
CELERY_RESULT_BACKEND = None
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE")
# Unacknowledged tasks of a killed worker come back after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 5}
NEWSLETTER_RATE_PER_SECOND = env.float("NEWSLETTER_RATE_PER_SECOND", default=0)
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
DATABASES["default"]["NAME"] = env("WORKER_DATABASE_NAME")
