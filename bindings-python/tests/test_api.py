"""The Python API: what verify accepts, what it returns, how it fails."""

from __future__ import annotations

import email.message
import hashlib
import hmac
import json
import pickle
import random
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from multidict import CIMultiDict, CIMultiDictProxy
from starlette.datastructures import Headers as StarletteHeaders
from werkzeug.datastructures import EnvironHeaders, Headers

from signhook import Document, Event, Reply, SignatureError, Signer, Webhook, WebhookVerificationError
from signhook._signhook import DedupeRules

SECRET = "whsec_propper_test"
NOW = 1767225600
SMALL = {"id": "evt_1", "type": "document.completed", "created": "2026-01-01T00:00:00Z",
         "data": {"document": {"id": "doc_9", "name": "NDA", "status": "completed"},
                  "signer": {"id": "sig_1", "email": "ana@example.com", "name": "Ana Lind"}}}
# A body of 100 KB: headers are read and the hash runs the same way as for a small one.
LARGE = {**SMALL, "padding": "x" * 100_000}


def encode(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode()


@pytest.fixture
def propper() -> Webhook:
    return Webhook("propper", secret=SECRET)


def signature(webhook: Webhook, body: bytes) -> str:
    return webhook.sign(body)["X-Propper-Signature"]


# --- bodies ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize("kind", ["bytes", "bytearray", "memoryview", "str"])
def test_body_may_be_bytes_bytearray_memoryview_or_str(propper: Webhook, kind: str, size: str) -> None:
    body = encode(SMALL if size == "small" else LARGE)
    as_given = {"bytes": body, "bytearray": bytearray(body), "memoryview": memoryview(body),
                "str": body.decode()}[kind]
    event = propper.verify(as_given, {"X-Propper-Signature": signature(propper, body)})
    assert event.id == "evt_1"
    assert event.payload == json.loads(body)


def test_memoryview_of_part_of_a_buffer(propper: Webhook) -> None:
    body = encode(SMALL)
    framed = b"--" + body + b"--"
    event = propper.verify(memoryview(framed)[2:-2], propper.sign(body))
    assert event.kind == "document.completed"


@pytest.mark.parametrize("parsed", [SMALL, [SMALL], None, 42, 4.2, True])
def test_a_parsed_body_is_body_not_raw(propper: Webhook, parsed: Any) -> None:
    with pytest.raises(WebhookVerificationError) as caught:
        propper.verify(parsed, propper.sign(encode(SMALL)))
    assert caught.value.code == "BODY_NOT_RAW"
    assert caught.value.status == 500
    assert "request.get_data()" in str(caught.value)


def test_tampered_body_is_a_signature_mismatch(propper: Webhook) -> None:
    body = encode(SMALL)
    headers = propper.sign(body)
    with pytest.raises(WebhookVerificationError) as caught:
        propper.verify(body.replace(b"NDA", b"NDB"), headers)
    assert (caught.value.code, caught.value.status) == ("SIGNATURE_MISMATCH", 401)
    assert "raw" in caught.value.message


# --- headers -----------------------------------------------------------------------------


class GetAllMapping(Mapping[str, str]):
    """A case-insensitive mapping with get_all, like email.message.Message."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def __getitem__(self, name: str) -> str:
        return self.get_all(name)[0]

    def __iter__(self) -> Iterator[str]:
        return iter(name for name, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def get_all(self, name: str) -> list[str]:
        return [v for n, v in self.pairs if n.lower() == name.lower()]


def header_shapes(sig: str, name: str = "X-Propper-Signature") -> dict[str, Any]:
    """The header `name` with the value `sig`, in every shape the binding reads."""
    lower = name.lower()
    message = email.message.Message()
    message[name] = sig
    return {
        "dict": {"Content-Type": "application/json", name: sig},
        "dict lowercase": {lower: sig},
        "dict of bytes": {lower.encode(): sig.encode()},
        "dict with a list value": {name: ["", sig]},
        "list of pairs": [("Host", "example.com"), (name.upper(), sig)],
        "tuple of lists": ([lower, sig],),
        "werkzeug Headers": Headers([(name, sig)]),
        "werkzeug EnvironHeaders": EnvironHeaders({"HTTP_" + name.upper().replace("-", "_"): sig}),
        "email Message": message,
        "mapping with get_all": GetAllMapping([(lower, sig)]),
        "multidict (aiohttp)": CIMultiDictProxy(CIMultiDict([(name, sig)])),
        "Starlette Headers": StarletteHeaders(raw=[(lower.encode(), sig.encode())]),
    }


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize("shape", list(header_shapes("")))
def test_headers_may_be_any_mapping_or_pairs(propper: Webhook, shape: str, size: str) -> None:
    body = encode(SMALL if size == "small" else LARGE)
    headers = header_shapes(signature(propper, body))[shape]
    assert propper.verify(body, headers).id == "evt_1"
    # The same shapes without the signature are MISSING_SIGNATURE, never an exception.
    with pytest.raises(WebhookVerificationError) as caught:
        propper.verify(body, header_shapes("")[shape])
    assert caught.value.code == "MISSING_SIGNATURE"


@pytest.mark.parametrize("size", ["small", "large"])
def test_repeated_headers_are_all_seen(size: str) -> None:
    # Mid-rotation the provider may send two signatures: one per secret.
    old, new = Webhook("propper", secret="old"), Webhook("propper", secret="new")
    body = encode(SMALL if size == "small" else LARGE)
    headers = Headers([("X-Propper-Signature", signature(old, body)),
                       ("X-Propper-Signature", signature(new, body))])
    assert new.verify(body, headers).id == "evt_1"
    assert old.verify(body, headers).id == "evt_1"


@pytest.mark.parametrize("size", ["small", "large"])
def test_aiohttp_headers_without_a_header_read_are_a_verification_error(size: str) -> None:
    # multidict's getall raises KeyError for an absent name unless given a default.
    body = encode(SMALL if size == "small" else LARGE)
    empty: CIMultiDictProxy[str] = CIMultiDictProxy(CIMultiDict())
    with pytest.raises(WebhookVerificationError) as caught:
        Webhook("propper", secret=SECRET).verify(body, empty)
    assert caught.value.code == "MISSING_SIGNATURE"
    krebit = Webhook("krebit", secret=SECRET, client_id="client_1")
    no_client_id = {k: v for k, v in krebit.sign(body).items() if k != "X-Client-Id"}
    with pytest.raises(WebhookVerificationError) as caught:
        krebit.verify(body, CIMultiDictProxy(CIMultiDict(no_client_id)))  # signed, no X-Client-Id
    assert caught.value.code == "CLIENT_ID_MISMATCH"
    # Repeated headers are all read, as from any other multi-valued headers object.
    old, new = Webhook("propper", secret="old"), Webhook("propper", secret="new")
    both = CIMultiDictProxy(CIMultiDict([("X-Propper-Signature", signature(old, body)),
                                         ("x-propper-signature", signature(new, body))]))
    assert new.verify(body, both).id == old.verify(body, both).id == "evt_1"


@pytest.mark.parametrize("headers", [42, "X-Propper-Signature: x", b"x", [("only-a-name",)]])
def test_headers_of_another_type_are_a_type_error(propper: Webhook, headers: Any) -> None:
    with pytest.raises(TypeError):
        propper.verify(encode(SMALL), headers)


def test_an_exception_inside_a_headers_object_propagates(propper: Webhook) -> None:
    class Broken(dict[str, str]):
        pass

    class Exploding:
        def getlist(self, name: str) -> list[str]:
            raise KeyError("backend unavailable")

    assert propper.verify(encode(SMALL), Broken(propper.sign(encode(SMALL)))).id == "evt_1"
    with pytest.raises(KeyError, match="backend unavailable"):
        propper.verify(encode(SMALL), Exploding())


# --- configuration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {"provider": "acmesign", "secret": "s"},
        {"provider": "propper"},
        {"provider": "propper", "secret": ""},
        {"provider": "propper", "secret": "copied-with-newline\n"},
        {"provider": "propper", "secret": "a", "secrets": ["b"]},
        {"provider": "propper", "secrets": "one-string"},
        {"provider": "propper", "secrets": []},
        {"provider": "propper", "secret": 1234},
        {"provider": "propper", "secret": "s", "tolerance": -1},
        {"provider": "propper", "secret": "s", "max_body_bytes": 0},
        {"provider": "propper", "secret": "s", "max_body_bytes": -5},
        {"provider": "propper", "secret": "s", "client_id": "c"},
        {"provider": "krebit", "secret": "s", "client_id": ""},
    ],
)
def test_bad_configuration_is_invalid_config(options: dict[str, Any]) -> None:
    provider = options.pop("provider")
    with pytest.raises(WebhookVerificationError) as caught:
        Webhook(provider, **options)
    assert caught.value.code == "INVALID_CONFIG"


def test_secrets_never_show() -> None:
    webhook = Webhook("krebit", secrets=["hunter2-current", b"hunter2-previous"], client_id="c1",
                      tolerance=300)
    assert repr(webhook) == (
        "Webhook(provider='krebit', secrets=<2 redacted>, client_id='c1', tolerance=300, "
        "max_body_bytes=1048576)"
    )
    for body in (b"{}", b"not json", b"x" * 2_000_000):
        try:
            webhook.verify(body, {"X-Signature": "0" * 64, "X-Client-Id": "c1"})
        except WebhookVerificationError as error:
            assert "hunter2" not in str(error) and "hunter2" not in repr(error)


def test_sign_gives_the_headers_the_provider_sends() -> None:
    krebit = Webhook("krebit", secret="s", client_id="client_7")
    headers = krebit.sign(b"{}")
    assert sorted(headers) == ["X-Client-Id", "X-Signature"]
    assert headers["X-Client-Id"] == "client_7"
    assert len(headers["X-Signature"]) == 64


def test_rotation_accepts_every_configured_secret() -> None:
    body = encode(SMALL)
    rotating = Webhook("propper", secrets=["new", "old"])
    old = Webhook("propper", secret="old")
    assert rotating.verify(body, old.sign(body)).id == "evt_1"
    assert rotating.sign(body) == Webhook("propper", secret="new").sign(body)


def test_now_defaults_to_the_current_time() -> None:
    webhook = Webhook("propper", secret="s", tolerance=300)
    fresh = {**SMALL, "created": int(time.time())}
    stale = {**SMALL, "created": int(time.time()) - 3600}
    assert webhook.verify(encode(fresh), webhook.sign(encode(fresh))).id == "evt_1"
    with pytest.raises(WebhookVerificationError, match="tolerance") as caught:
        webhook.verify(encode(stale), webhook.sign(encode(stale)))
    assert caught.value.code == "TIMESTAMP_OUT_OF_RANGE"
    # An explicit `now` replays the check at another time.
    assert webhook.verify(encode(stale), webhook.sign(encode(stale)), now=stale["created"]).id


def test_oversize_body_is_payload_too_large() -> None:
    webhook = Webhook("propper", secret="s", max_body_bytes=1000)
    body = encode(LARGE)
    with pytest.raises(WebhookVerificationError) as caught:
        webhook.verify(body, webhook.sign(body))
    assert (caught.value.code, caught.value.status) == ("PAYLOAD_TOO_LARGE", 413)
    assert webhook.max_body_bytes == 1000


# --- the event ---------------------------------------------------------------------------


def test_event_fields_and_repr(propper: Webhook) -> None:
    body = encode(SMALL)
    event = propper.verify(body, propper.sign(body), now=NOW)
    assert isinstance(event, Event)
    assert (event.provider, event.id, event.id_source) == ("propper", "evt_1", "provider")
    assert (event.type, event.kind, event.occurred_at) == ("document.completed", "document.completed", "2026-01-01T00:00:00Z")
    assert isinstance(event.document, Document) and isinstance(event.signer, Signer)
    assert event.document.to_dict() == {"id": "doc_9", "name": "NDA", "status": "completed",
                                         "external_id": None, "completed_at": None}
    assert event.signer.email == "ana@example.com"
    assert (event.reason, event.download_url, event.organization_id, event.client_id) == (None,) * 4
    assert repr(event) == (
        "Event(provider='propper', id='evt_1', id_source='provider', type='document.completed', "
        "kind='document.completed', occurred_at='2026-01-01T00:00:00Z', "
        "document=Document(id='doc_9', name='NDA', status='completed'), "
        "signer=Signer(id='sig_1', email='ana@example.com', name='Ana Lind'), "
        "authentication='hmac-body')"
    )
    as_dict = event.to_dict()
    assert as_dict["document"]["name"] == "NDA" and as_dict["payload"] == SMALL


def test_event_is_immutable(propper: Webhook) -> None:
    event = propper.verify(encode(SMALL), propper.sign(encode(SMALL)))
    with pytest.raises(AttributeError):
        event.id = "other"  # type: ignore[misc]
    assert event.document is not None
    with pytest.raises(AttributeError):
        event.document.name = "other"  # type: ignore[misc]


def test_payload_is_parsed_once_and_kept(propper: Webhook) -> None:
    event = propper.verify(encode(SMALL), propper.sign(encode(SMALL)))
    assert event.payload is event.payload
    assert event.payload == SMALL


TRICKY = [
    '{"s":"tab\\tnewline\\nquote\\"slash\\/backslash\\\\ \\b\\f\\r"}',
    '{"u":"\\u00e9\\u4e2d\\ud83d\\ude00 é 中 😀"}',
    '{"n":[0,-0,1,-1,9223372036854775807,-9223372036854775808,9223372036854775808,123456789012345678901234567890]}',
    '{"f":[0.0,-0.0,1.5,1e10,1E-7,2.5e+3,1.7976931348623157e308,5e-324,0.1]}',
    '{"dup":1,"dup":2,"other":{"dup":"a","dup":"b"}}',
    '{"empty":{},"list":[],"nested":[[[]],[{}]],"lit":[true,false,null]}',
    ' \r\n\t{ "spaced" : [ 1 , 2 ] , "x" : { } } \n',
    '{"' + "k" * 300 + '":"' + "v" * 5000 + '"}',
]


@pytest.mark.parametrize("text", TRICKY)
def test_payload_equals_json_loads_on_tricky_json(text: str) -> None:
    webhook = Webhook("krebit", secret="s")
    body = text.replace("{", '{"id":"evt","type":"t",', 1).encode()
    event = webhook.verify(body, webhook.sign(body))
    expected = json.loads(body)
    assert json.dumps(event.payload, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert list(event.payload) == list(expected), "key order is kept"


def test_a_lone_surrogate_escape_is_invalid_payload() -> None:
    # json.loads would keep it in a str; the core refuses it, in every language alike.
    webhook = Webhook("krebit", secret="s")
    body = b'{"id":"evt","type":"t","lone":"\\ud800"}'
    with pytest.raises(WebhookVerificationError) as caught:
        webhook.verify(body, webhook.sign(body))
    assert (caught.value.code, caught.value.status) == ("INVALID_PAYLOAD", 400)


def random_json(rng: random.Random, depth: int) -> Any:
    choice = rng.randrange(9 if depth < 5 else 5)
    if choice == 0:
        return rng.choice([None, True, False])
    if choice == 1:
        return rng.randint(-(2**70), 2**70)
    if choice == 2:
        return rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-30, 30)
    if choice in (3, 4):
        alphabet = "abc XYZ\"\\/\n\t\u00e9\u4e2d\U0001f600\x01"
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
    if choice in (5, 6):
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(5))]
    keys = ["id", "type", "data", "name", "k\u00e9y", "a\"b", ""]
    return {rng.choice(keys) + str(rng.randrange(3)): random_json(rng, depth + 1)
            for _ in range(rng.randrange(5))}


def test_payload_equals_json_loads_on_random_documents() -> None:
    rng = random.Random(20260101)
    webhook = Webhook("krebit", secret="s")
    for _ in range(300):
        document = {"id": "evt", "type": "t", "data": random_json(rng, 0)}
        body = json.dumps(document, ensure_ascii=rng.random() < 0.5).encode()
        event = webhook.verify(body, webhook.sign(body))
        assert event.payload == json.loads(body)


# --- errors and threads --------------------------------------------------------------------


def test_error_is_a_value_error_with_code_and_status() -> None:
    error = WebhookVerificationError("the signature does not match", "SIGNATURE_MISMATCH", 401)
    assert isinstance(error, ValueError)
    assert error.to_dict() == {"error": "SIGNATURE_MISMATCH", "message": "the signature does not match"}
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.status, str(copy)) == ("SIGNATURE_MISMATCH", 401, "the signature does not match")


def test_one_webhook_serves_many_threads() -> None:
    webhook = Webhook("propper", secrets=["new", "old"])
    old = Webhook("propper", secret="old")
    bodies = [encode({**LARGE, "id": f"evt_{i}"}) for i in range(8)] + [encode({**SMALL, "id": f"evt_s{i}"}) for i in range(8)]

    def check(body: bytes) -> str:
        return webhook.verify(body, old.sign(body)).id

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = list(pool.map(check, bodies * 5))
    assert ids == [json.loads(b)["id"] for b in bodies] * 5


def test_payload_too_large_names_the_option_as_python_spells_it() -> None:
    webhook = Webhook("propper", secret="whsec_limit", max_body_bytes=10)
    with pytest.raises(WebhookVerificationError) as raised:
        webhook.verify(b"x" * 11, {})
    assert raised.value.code == "PAYLOAD_TOO_LARGE"
    assert "raise max_body_bytes" in str(raised.value), str(raised.value)


def test_errors_have_their_familys_class_and_carry_context() -> None:
    from signhook import ConfigurationError, DedupeError, PayloadError, SignatureError

    small = Webhook("propper", secret="whsec_limit", max_body_bytes=10)
    with pytest.raises(PayloadError) as too_large:
        small.verify(b"x" * 11, {})
    assert too_large.value.context == {"limit": 10, "actual": 11}
    with pytest.raises(SignatureError) as missing:
        small.verify(b"{}", {})
    assert (missing.value.code, missing.value.context) == ("MISSING_SIGNATURE", {"header": "X-Propper-Signature"})
    with pytest.raises(ConfigurationError) as config:
        Webhook("propper")
    assert isinstance(config.value, WebhookVerificationError) and config.value.context == {"reason": "secrets"}
    with pytest.raises(ConfigurationError) as unknown:
        Webhook("nope", secret="whsec_x")
    assert unknown.value.context == {"reason": "unknown_provider"}
    with pytest.raises(ConfigurationError) as wrong_type:
        Webhook("propper", secret="whsec_x", tolerance="300")
    assert wrong_type.value.context == {"reason": "type"}
    # An error built from Python with the base class gets its family's class as well.
    built = WebhookVerificationError("in progress", "EVENT_IN_PROGRESS", 503, {"retry_after": 60})
    assert isinstance(built, DedupeError) and built.context == {"retry_after": 60}
    # The class and the context survive pickling.
    again = pickle.loads(pickle.dumps(too_large.value))
    assert type(again) is PayloadError and again.context == {"limit": 10, "actual": 11}
    assert "context={'actual': 11, 'limit': 10}" in repr(again)
    # The headers the answer carries come from the core: Retry-After for a retryable error.
    busy = DedupeRules("krebit", 60_000).on_existing
    with pytest.raises(DedupeError) as in_progress:
        busy(None)
    assert in_progress.value.headers == {"Retry-After": "60"} and too_large.value.headers == {}
    assert pickle.loads(pickle.dumps(in_progress.value)).headers == {"Retry-After": "60"}


# --- replies: what a provider requires beyond a 2xx ------------------------------------------

ADOBE_ID = "CBJCHBCAABAA-api"


def test_dropbox_sign_requires_its_body_text_and_has_no_get_check() -> None:
    webhook = Webhook("dropboxsign", secret="api-key")
    reply = webhook.reply()
    assert isinstance(reply, Reply)
    assert (reply.status, reply.body) == (200, "Hello API Event Received")
    assert reply.headers == {"Content-Type": "text/plain; charset=utf-8"}
    assert reply.always_headers == {}  # the Content-Type goes with the body only
    assert repr(reply) == ("Reply(status=200, headers={'Content-Type': 'text/plain; charset=utf-8'}, "
                           "body='Hello API Event Received')")
    assert webhook.has_handshake is False
    assert webhook.handshake({}) is None


def test_adobe_requires_its_client_id_echoed_on_deliveries_and_on_the_get_check() -> None:
    webhook = Webhook("adobesign", client_id=ADOBE_ID)
    assert webhook.has_handshake is True
    reply = webhook.reply()
    assert (reply.status, reply.headers, reply.body) == (200, {"X-AdobeSign-ClientId": ADOBE_ID}, None)
    assert reply.always_headers == reply.headers  # on every answer to a verified delivery
    assert repr(reply) == f"Reply(status=200, headers={{'X-AdobeSign-ClientId': '{ADOBE_ID}'}}, body=None)"
    check = webhook.handshake({"X-AdobeSign-ClientId": ADOBE_ID})
    assert check is not None and check.headers == reply.headers


@pytest.mark.parametrize("shape", list(header_shapes("")))
def test_the_get_check_reads_headers_in_every_shape_verify_does(shape: str) -> None:
    webhook = Webhook("adobesign", client_id=ADOBE_ID)
    assert webhook.handshake(header_shapes(ADOBE_ID, "X-AdobeSign-ClientId")[shape]) is not None
    for other in [header_shapes("someone-else", "X-AdobeSign-ClientId")[shape], {}, None, []]:
        with pytest.raises(SignatureError) as caught:
            webhook.handshake(other)
        assert (caught.value.code, caught.value.status) == ("CLIENT_ID_MISMATCH", 401)
        assert "X-AdobeSign-ClientId" in caught.value.message


def test_the_get_check_refuses_what_verify_refuses_as_headers() -> None:
    webhook = Webhook("adobesign", client_id=ADOBE_ID)
    for not_headers in ["X-AdobeSign-ClientId: x", b"x", 42]:
        with pytest.raises(TypeError, match="headers must be a mapping"):
            webhook.handshake(not_headers)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="header x-adobesign-clientid must be a str"):
        webhook.handshake({"X-AdobeSign-ClientId": 42})


@pytest.mark.parametrize("provider", ["propper", "krebit", "docusign", "pandadoc"])
def test_other_providers_require_nothing_beyond_a_2xx(provider: str) -> None:
    webhook = Webhook(provider, secret="whsec_x", client_id="client_1" if provider == "krebit" else None)
    reply = webhook.reply()
    assert (reply.status, reply.headers, reply.body) == (200, {}, None)
    assert repr(reply) == "Reply(status=200, headers={}, body=None)"
    assert webhook.has_handshake is False
    assert webhook.handshake({"X-Client-Id": "client_1"}) is None


def test_a_reply_is_immutable_and_its_headers_a_new_dict_each_time() -> None:
    reply = Webhook("adobesign", client_id=ADOBE_ID).reply()
    reply.headers["X-AdobeSign-ClientId"] = "changed"
    assert reply.headers == {"X-AdobeSign-ClientId": ADOBE_ID}
    with pytest.raises(AttributeError):
        reply.status = 204  # type: ignore[misc]
    with pytest.raises(TypeError):
        Reply()


def test_a_dropbox_sign_form_s_payload_is_its_json_field() -> None:
    key = "api-key"
    event_hash = hmac.new(key.encode(), b"1767225300signature_request_sent", hashlib.sha256).hexdigest()
    event = {"event": {"event_type": "signature_request_sent", "event_time": "1767225300",
                       "event_hash": event_hash, "event_metadata": {}},
             "signature_request": {"signature_request_id": "sr_1"}}
    text = json.dumps(event)
    body = (b'--b0\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n'
            b'--b0\r\nContent-Disposition: form-data; name="json"\r\n\r\n' + text.encode() + b"\r\n--b0--\r\n")
    headers = {"Content-Type": "multipart/form-data; boundary=b0"}
    webhook = Webhook("dropboxsign", secret=key)
    verified = webhook.verify(body, headers)
    assert verified.payload == event
    assert verified.to_dict()["payload"] == event
    assert [e.payload for e in webhook.verify_all(body, headers)] == [event]
    # Sent as JSON, the body is the payload.
    assert webhook.verify(text, {"Content-Type": "application/json"}).payload == event
