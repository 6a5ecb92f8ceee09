"""Every argument answers misuse as docs/arguments.md says, the same at every body size.

A misuse is either a WebhookVerificationError with the documented code, or a TypeError where
the argument is of a type no framework ever hands over. Headers are looked up the same way
whatever the body's size (only the names the provider's verification reads), and text that
is not valid Unicode never surfaces as a UnicodeEncodeError (whose arguments would quote it).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.datastructures import Headers, MultiDict

from signhook import Webhook, WebhookVerificationError

NOW = 1767225600
SMALL = {"id": "evt_1", "type": "document.completed", "created": "2026-01-01T00:00:00Z"}
# Far past the size from which the GIL used to be released (and headers read another way).
LARGE = {**SMALL, "padding": "x" * 100_000}
SIZES = {"small": SMALL, "large": LARGE}
SECRET = "whsec_arguments"
# A str as Python makes it from a non-UTF-8 environment variable (surrogateescape).
NOT_UNICODE = b"whsec_\xff\xfe-leaked".decode("utf-8", "surrogateescape")


def body_of(size: str) -> bytes:
    return json.dumps(SIZES[size]).encode()


@pytest.fixture
def propper() -> Webhook:
    return Webhook("propper", secret=SECRET)


def code_of(call: Any) -> str:
    with pytest.raises(WebhookVerificationError) as caught:
        call()
    return caught.value.code


def assert_not_quoted(error: BaseException, text: str) -> None:
    for shown in (str(error), repr(error), repr(error.args)):
        assert text not in shown and "leaked" not in shown, shown
    assert error.__cause__ is None and not isinstance(error.__context__, UnicodeError)


# --- headers: one lookup at every size ------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_headers_that_are_not_read_are_not_inspected(propper: Webhook, size: str) -> None:
    body = body_of(size)
    signature = propper.sign(body)["X-Propper-Signature"]
    headers = {"X-Propper-Signature": signature, "X-Retry-Count": 3, "X-Parsed": {"a": 1}}
    assert propper.verify(body, headers).id == "evt_1"
    assert propper.verify(body, list(headers.items())).id == "evt_1"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["X-Propper-Signature", "x-propper-signature", "X-PROPPER-SIGNATURE"])
def test_a_case_sensitive_multidict_gives_one_answer(propper: Webhook, size: str, name: str) -> None:
    # MultiDict's getlist is case-sensitive; as a dict its names match case-insensitively,
    # as in a JavaScript plain object, whatever the size.
    body = body_of(size)
    headers = MultiDict([(name, propper.sign(body)["X-Propper-Signature"])])
    assert propper.verify(body, headers).id == "evt_1"
    assert propper.verify(body, {name: propper.sign(body)["X-Propper-Signature"]}).id == "evt_1"


class CaseSensitiveGetlist:
    """A multi-valued header object whose getlist is case-sensitive (not a dict)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def getlist(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]

    def keys(self) -> list[str]:
        return [key for key, _ in self.pairs]


@pytest.mark.parametrize("stored, expected", [("x-propper-signature", "ok"),
                                               ("X-Propper-Signature", "MISSING_SIGNATURE")])
def test_a_case_sensitive_getlist_gives_one_answer_at_every_size(
    propper: Webhook, stored: str, expected: str
) -> None:
    # Looked up by the lowercase names the core gives, as JavaScript asks an object with
    # get(): the answer is the object's own, and the same for a small and a large body.
    for size in SIZES:
        body = body_of(size)
        headers = CaseSensitiveGetlist([(stored, propper.sign(body)["X-Propper-Signature"])])
        try:
            answer = "ok" if propper.verify(body, headers).id == "evt_1" else "?"
        except WebhookVerificationError as error:
            answer = error.code
        assert answer == expected, size


class LookupOnly:
    """A case-insensitive header object that can only be asked for one header at a time
    (no items, no iteration): how Django's and other frameworks' headers behave."""

    def __init__(self, headers: dict[str, Any]) -> None:
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.asked: list[str] = []

    def get(self, name: str) -> Any:
        self.asked.append(name)
        return self.headers.get(name.lower())

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("headers are looked up, never iterated")


@pytest.mark.parametrize("size", SIZES)
def test_only_the_headers_the_core_reads_are_looked_up(size: str) -> None:
    krebit = Webhook("krebit", secret=SECRET, client_id="client_7")
    body = body_of(size)
    headers = LookupOnly({**krebit.sign(body), "Content-Type": "application/json"})
    assert krebit.verify(body, headers).client_id == "client_7"
    assert sorted(set(headers.asked)) == sorted(krebit.header_names) == ["x-client-id", "x-signature"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("value", [42, 4.2, {"v": 1}, object(), [["nested"]]])
def test_a_read_header_of_another_type_is_a_type_error_naming_it(
    propper: Webhook, size: str, value: Any
) -> None:
    for headers in ({"X-Propper-Signature": value}, [("X-Propper-Signature", value)],
                    LookupOnly({"X-Propper-Signature": value})):
        with pytest.raises(TypeError, match="x-propper-signature"):
            propper.verify(body_of(size), headers)


@pytest.mark.parametrize("size", SIZES)
def test_every_accepted_shape_verifies(propper: Webhook, size: str) -> None:
    body = body_of(size)
    sig = propper.sign(body)["X-Propper-Signature"]
    shapes: list[Any] = [
        {"X-Propper-Signature": sig},
        {"x-propper-signature": [sig]},
        {b"X-Propper-Signature": sig.encode()},
        Headers([("X-Propper-Signature", sig)]),
        LookupOnly({"X-Propper-Signature": sig}),
        [("Host", "example.com"), ("X-Propper-Signature", sig)],
        ["Host", "example.com", "X-Propper-Signature", sig],  # a flat list, as rawHeaders
        [(b"x-propper-signature", sig.encode())],  # ASGI scope["headers"]
        ((name, value) for name, value in [("X-Propper-Signature", sig)]),
        [(1, "not a header name"), ("X-Propper-Signature", sig)],
    ]
    for headers in shapes:
        assert propper.verify(body, headers).id == "evt_1", headers


@pytest.mark.parametrize("size", SIZES)
def test_absent_headers_are_missing_signature(propper: Webhook, size: str) -> None:
    for headers in (None, {}, [], Headers()):
        assert code_of(lambda: propper.verify(body_of(size), headers)) == "MISSING_SIGNATURE"


# --- text that is not valid Unicode --------------------------------------------------------


@pytest.mark.parametrize("options", [
    {"secret": NOT_UNICODE},
    {"secrets": ["whsec_fine", NOT_UNICODE]},
    {"secrets": (NOT_UNICODE,)},
])
def test_a_secret_that_is_not_valid_unicode_is_invalid_config_and_not_quoted(options: dict[str, Any]) -> None:
    with pytest.raises(WebhookVerificationError) as caught:
        Webhook("propper", **options)
    assert caught.value.code == "INVALID_CONFIG"
    assert "secret #" in caught.value.message and "Unicode" in caught.value.message
    assert_not_quoted(caught.value, NOT_UNICODE)


def test_a_client_id_or_provider_that_is_not_valid_unicode_is_invalid_config() -> None:
    with pytest.raises(WebhookVerificationError) as caught:
        Webhook("krebit", secret=SECRET, client_id=NOT_UNICODE)
    assert caught.value.code == "INVALID_CONFIG" and "client_id" in caught.value.message
    assert_not_quoted(caught.value, NOT_UNICODE)
    with pytest.raises(WebhookVerificationError) as caught:
        Webhook(NOT_UNICODE, secret=SECRET)
    assert caught.value.code == "INVALID_CONFIG"
    assert_not_quoted(caught.value, NOT_UNICODE)


@pytest.mark.parametrize("size", SIZES)
def test_header_values_that_are_not_valid_unicode_are_just_different_values(size: str) -> None:
    krebit = Webhook("krebit", secret=SECRET, client_id="client_7")
    body = body_of(size)
    signed = krebit.sign(body)
    bad_signature = {**signed, "X-Signature": signed["X-Signature"][:-1] + "\udcff"}
    assert code_of(lambda: krebit.verify(body, bad_signature)) == "MALFORMED_SIGNATURE"
    bad_client = {**signed, "X-Client-Id": "client_7\udcff"}
    assert code_of(lambda: krebit.verify(body, bad_client)) == "CLIENT_ID_MISMATCH"
    as_bytes = {**signed, "X-Client-Id": b"client_7\xff"}
    assert code_of(lambda: krebit.verify(body, as_bytes)) == "CLIENT_ID_MISMATCH"
    # A header name that is not valid Unicode is simply not one of the names read.
    assert krebit.verify(body, {**signed, "X-\udcff": "x"}).id == "evt_1"


# --- the body --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_a_str_body_with_a_lone_surrogate_is_body_not_raw(propper: Webhook, size: str) -> None:
    text = body_of(size).decode().replace("evt_1", "evt_\ud800", 1)
    for call in (lambda: propper.verify(text, propper.sign(b"{}")), lambda: propper.sign(text)):
        with pytest.raises(WebhookVerificationError) as caught:
            call()
        assert caught.value.code == "BODY_NOT_RAW"
        assert "surrogate" in caught.value.message and "evt_" not in caught.value.message
        assert not isinstance(caught.value.__context__, UnicodeError)


# --- now ---------------------------------------------------------------------------------------


@pytest.fixture
def windowed() -> Webhook:
    return Webhook("propper", secret=SECRET, tolerance=10)


def verify_at(webhook: Webhook, now: Any) -> str:
    body = body_of("small")
    try:
        webhook.verify(body, webhook.sign(body), now=now)
    except WebhookVerificationError as error:
        return error.code
    return "ok"


def test_now_may_be_a_float_such_as_time_time(windowed: Webhook) -> None:
    assert verify_at(windowed, float(NOW) + 10.9) == "ok"  # the fraction is dropped
    assert verify_at(windowed, float(NOW) + 11.0) == "TIMESTAMP_OUT_OF_RANGE"
    assert verify_at(windowed, float(NOW) - 10.5) == "TIMESTAMP_OUT_OF_RANGE"  # rounded down
    assert verify_at(Webhook("propper", secret=SECRET), time.time()) == "ok"


@pytest.mark.parametrize("now", [math.nan, math.inf, -math.inf, 2.0**54, 2**53 + 1, -(2**53) - 1, 2**64, -(2**80)])
def test_now_out_of_range_is_invalid_config_with_or_without_a_window(windowed: Webhook, now: Any) -> None:
    assert verify_at(windowed, now) == "INVALID_CONFIG"
    assert verify_at(Webhook("propper", secret=SECRET), now) == "INVALID_CONFIG"


def test_now_at_the_edge_of_the_range_is_accepted() -> None:
    webhook = Webhook("propper", secret=SECRET)
    for now in (2**53, -(2**53), 2.0**53, 0, NOW):
        assert verify_at(webhook, now) == "ok"


@pytest.mark.parametrize("now", [True, False, "1767225600", b"1", [NOW], object()])
def test_now_of_another_type_is_a_type_error(windowed: Webhook, now: Any) -> None:
    with pytest.raises(TypeError, match="now"):
        verify_at(windowed, now)


# --- configuration -------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["tolerance", "max_body_bytes"])
@pytest.mark.parametrize("value", [True, False, 1.5, -0.5, math.nan, math.inf, -math.inf, 2**53 + 1,
                                   2.0**60, 2**70, -(2**70), "300", b"300", [300], object()])
def test_whole_number_options_refuse_everything_else(option: str, value: Any) -> None:
    with pytest.raises(WebhookVerificationError) as caught:
        Webhook("propper", secret=SECRET, **{option: value})
    assert caught.value.code == "INVALID_CONFIG"
    assert option in caught.value.message


@pytest.mark.parametrize("option", ["tolerance", "max_body_bytes"])
def test_whole_number_options_accept_ints_and_floats_without_fraction(option: str) -> None:
    for value in (300, 300.0, 2**53):
        webhook = Webhook("propper", secret=SECRET, **{option: value})
        assert f"{option}={int(value)}" in repr(webhook)


@pytest.mark.parametrize("options, option", [
    ({"provider": "propper", "max_body_bytes": 0}, "max_body_bytes"),
    ({"provider": "propper", "max_body_bytes": -5}, "max_body_bytes"),
    ({"provider": "propper", "client_id": "c"}, "client_id"),
    ({"provider": "krebit", "client_id": ""}, "client_id"),
    ({"provider": "krebit", "client_id": " c "}, "client_id"),
    ({"provider": "krebit", "client_id": 7}, "client_id"),
])
def test_messages_name_options_in_python_spelling(options: dict[str, Any], option: str) -> None:
    provider = options.pop("provider")
    with pytest.raises(WebhookVerificationError) as caught:
        Webhook(provider, secret=SECRET, **options)
    assert caught.value.code == "INVALID_CONFIG"
    assert option in caught.value.message
    assert "maxBodyBytes" not in caught.value.message and "clientId" not in caught.value.message


def test_secret_and_secrets_take_any_accepted_shape() -> None:
    body = body_of("small")
    signed = Webhook("propper", secret=SECRET).sign(body)
    for options in ({"secret": None, "secrets": [SECRET]}, {"secrets": (SECRET, b"old")},
                    {"secret": SECRET, "secrets": None}, {"secret": bytearray(SECRET.encode())},
                    {"secrets": [memoryview(SECRET.encode())]}):
        assert Webhook("propper", **options).verify(body, signed).id == "evt_1"


@pytest.mark.parametrize("options", [
    {"secret": 1234},
    {"secret": ["a list"]},
    {"secrets": ["fine", 1234]},
    {"secrets": [None]},
    {"secrets": "one-string"},
    {"secrets": {"a": "dict"}},
    {"secrets": ()},
    {"secret": "a", "secrets": ["b"]},
    {},
])
def test_other_secrets_are_invalid_config(options: dict[str, Any]) -> None:
    with pytest.raises(WebhookVerificationError) as caught:
        Webhook("propper", **options)
    assert caught.value.code == "INVALID_CONFIG"


@pytest.mark.parametrize("provider", [None, 1, b"propper", "Propper", "whsec_secret_by_mistake"])
def test_an_unknown_provider_is_invalid_config_and_not_repeated(provider: Any) -> None:
    with pytest.raises(WebhookVerificationError) as caught:
        Webhook(provider, secret=SECRET)
    assert caught.value.code == "INVALID_CONFIG"
    assert "whsec_secret" not in caught.value.message and "krebit" in caught.value.message


# --- the body size, as the helpers ask the core ---------------------------------------------


def test_check_body_len_is_the_cores_size_rule() -> None:
    webhook = Webhook("propper", secret=SECRET, max_body_bytes=100)
    webhook.check_body_len(0)
    webhook.check_body_len(100)
    for length in (101, 2**64, 2**100):
        with pytest.raises(WebhookVerificationError) as caught:
            webhook.check_body_len(length)
        assert (caught.value.code, caught.value.status) == ("PAYLOAD_TOO_LARGE", 413)
