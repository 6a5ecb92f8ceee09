"""Receive sajn webhooks in Django, verified by signhook, each event processed once: a whole
project in one file.

    pip install signhook django redis
    REDIS_URL=redis://127.0.0.1:6379 SAJN_WEBHOOK_SECRET=... python django_app.py runserver

In a project of your own, the settings go to settings.py, the view to views.py and the
route to urls.py; the view reads the secret from django.conf.settings the same way.
"""

import logging
import os
import sys

import redis
from django.conf import settings
from django.core.management import execute_from_command_line
from django.core.management.utils import get_random_secret_key
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, JsonResponse
from django.urls import path

from signhook import DedupeGuard, Event, RedisStore, Webhook
from signhook.django import verify_webhook

settings.configure(
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["localhost", "127.0.0.1"],
    SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or get_random_secret_key(),
    # CSRF checks on, as in any project: verify_webhook exempts its view (the signature is
    # the check; providers send no CSRF token).
    MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
    SAJN_WEBHOOK_SECRET=os.environ["SAJN_WEBHOOK_SECRET"],
    REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379"),  # shared by every instance
    # Log the app's messages at INFO to the console (Django shows its own loggers only).
    LOGGING={
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "loggers": {"webhooks": {"handlers": ["console"], "level": "INFO"}},
    },
)

logger = logging.getLogger("webhooks")

# Build the verifier once, at start-up.
sajn = Webhook("sajn", secret=settings.SAJN_WEBHOOK_SECRET)

# The view runs once per event: redeliveries get 200 without it; if it fails, sajn retries.
dedupe = DedupeGuard(RedisStore(redis.Redis.from_url(settings.REDIS_URL)))


@verify_webhook(sajn, dedupe=dedupe)  # POST only, CSRF-exempt; failures: 401/400/413 with JSON
def sajn_webhook(request: HttpRequest, event: Event) -> JsonResponse:
    # sajn sends no event id: event.id is derived from the event, stable across retries.
    if event.kind == "document.signed" and event.signer is not None and event.document is not None:
        logger.info("%s signed %s", event.signer.name, event.document.name)
    return JsonResponse({"status": "processed", "id": event.id, "kind": event.kind})


urlpatterns = [path("webhooks/sajn", sajn_webhook)]

application = get_wsgi_application()  # for a WSGI server: gunicorn django_app

if __name__ == "__main__":
    execute_from_command_line(sys.argv)
