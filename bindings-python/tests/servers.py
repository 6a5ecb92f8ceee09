"""A real webhook server in its own process, so that its memory can be measured alone.

    python servers.py flask|fastapi|starlette|aiohttp|django|django-wsgi LIMIT [krebit]

Serves POST /webhooks/propper (secret ``whsec_bounded``, ``max_body_bytes=LIMIT``), or with
``krebit`` POST /webhooks/krebit (the same secret, client id ``CLIENT_ID``), through
the framework's signhook helper on 127.0.0.1, on a free port: Flask and Django (WSGI) on
werkzeug's threaded server, FastAPI, Starlette and Django (ASGI) on uvicorn, aiohttp on its
own server. Prints ``listening PORT``
once it accepts connections, then serves until it is terminated.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from typing import Any

from signhook import Event, Webhook

SECRET = "whsec_bounded"
#: Krebit's client id: not ASCII, to show that header bytes are read as UTF-8 everywhere.
CLIENT_ID = "kunde-ø"


def route(webhook: Webhook) -> str:
    return f"/webhooks/{webhook.provider}"


def listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


def announce(port: int) -> None:
    print(f"listening {port}", flush=True)


def werkzeug_serve(app: Any) -> None:
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log
    server = make_server("127.0.0.1", 0, app, threaded=True)
    announce(server.server_port)
    server.serve_forever()


def flask_server(webhook: Webhook) -> None:
    from flask import Flask

    from signhook.flask import verify_webhook

    app = Flask(__name__)

    @app.post(route(webhook))
    @verify_webhook(webhook)
    def receive(event: Event) -> dict[str, str]:
        return {"id": event.id}

    werkzeug_serve(app)


def uvicorn_serve(app: Any) -> None:
    import uvicorn

    sock = listening_socket()
    config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)

    async def main() -> None:
        serving = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not serving.done():
            await asyncio.sleep(0.01)
        announce(sock.getsockname()[1])
        await serving

    asyncio.run(main())


def fastapi_server(webhook: Webhook) -> None:
    from fastapi import Depends, FastAPI

    from signhook.fastapi import add_error_handler, verify_webhook

    app = FastAPI()
    add_error_handler(app)

    @app.post(route(webhook))
    async def receive(event: Event = Depends(verify_webhook(webhook))) -> dict[str, str]:
        return {"id": event.id}

    uvicorn_serve(app)


def starlette_server(webhook: Webhook) -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from signhook.starlette import verify_webhook

    @verify_webhook(webhook)
    async def receive(request: Request, event: Event) -> JSONResponse:
        return JSONResponse({"id": event.id})

    uvicorn_serve(Starlette(routes=[Route(route(webhook), receive, methods=["POST"])]))


def aiohttp_server(webhook: Webhook) -> None:
    from aiohttp import web

    from signhook.aiohttp import verify_webhook

    @verify_webhook(webhook)
    async def receive(request: web.Request, event: Event) -> web.Response:
        return web.json_response({"id": event.id})

    app = web.Application()
    app.router.add_post(route(webhook), receive)

    async def main() -> None:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        sock = listening_socket()
        await web.SockSite(runner, sock).start()
        announce(sock.getsockname()[1])
        await asyncio.Event().wait()  # until terminated

    asyncio.run(main())


def django_server(webhook: Webhook, asgi: bool = True) -> None:
    import django
    from django.conf import settings

    settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"], SECRET_KEY="tests-only",
                       MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"])
    django.setup()
    from django.core.asgi import get_asgi_application
    from django.core.wsgi import get_wsgi_application
    from django.http import HttpRequest, JsonResponse
    from django.urls import path

    from signhook.django import verify_webhook

    @verify_webhook(webhook)
    def receive(request: HttpRequest, event: Event) -> JsonResponse:
        return JsonResponse({"id": event.id})

    global urlpatterns
    urlpatterns = [path(route(webhook).lstrip("/"), receive)]
    if asgi:
        uvicorn_serve(get_asgi_application())
    else:
        werkzeug_serve(get_wsgi_application())


urlpatterns: list[Any] = []

if __name__ == "__main__":
    framework, limit = sys.argv[1], int(sys.argv[2])
    if sys.argv[3:] == ["krebit"]:
        verifier = Webhook("krebit", secret=SECRET, client_id=CLIENT_ID, max_body_bytes=limit)
    else:
        verifier = Webhook("propper", secret=SECRET, max_body_bytes=limit)
    servers = {"flask": flask_server, "fastapi": fastapi_server, "starlette": starlette_server,
               "aiohttp": aiohttp_server, "django": django_server,
               "django-wsgi": lambda webhook: django_server(webhook, asgi=False)}
    servers[framework](verifier)
