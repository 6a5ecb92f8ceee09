#!/usr/bin/env python3
"""Generate tests/vectors/misuse.json: the misuse cases of docs/arguments.md.

Run from the repository root:  python3 tests/vectors/generate_misuse.py

Each case is one call with one argument a caller can get wrong, and the one answer every
binding must give: a WebhookVerificationError code, the language's own TypeError, or an event
(the events, for verify_all). The format is described in tests/vectors/MISUSE.md. Only the
standard library is used; signatures are computed here with Python's hmac (through
generate.py's helpers), and every case that can be written as a standard vector is checked
against generate.py's reference model before anything is written. Output is deterministic.

The misuse cases live under the key "misuse"; "cases" is empty, so that the loaders of the
standard vectors (which read every tests/vectors/*.json) find no case of another format there.
"""

import base64
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate as g  # noqa: E402  (the shared helpers and the reference model)

OUT = os.path.join(HERE, "misuse.json")

NOW = g.NOW
SECRET = "whsec_misuse_test"
P = "propper"
H = g.SIG_HEADER[P]
BODY = g.compact({"id": "evt_misuse_1", "type": "document.signed",
                  "created": "2026-01-01T00:00:00Z",
                  "data": {"document": {"id": g.DOC_IDS[0], "name": "Contract.pdf"}}})
SIG = g.sig_value(P, SECRET, BODY)
OK = {"event": {"id": "evt_misuse_1"}}

K = "krebit"
K_BODY = g.compact({"id": "evt_misuse_kr", "type": "signing.sent",
                    "timestamp": "2026-01-01T00:00:00Z"})
K_SIG = g.sig_value(K, SECRET, K_BODY)
K_OK = {"event": {"id": "evt_misuse_kr"}}

# PandaDoc signs in the request URL (`?signature=<hex>`), not in a header; its body is an array
# of notifications, and X-PandaDoc-Webhook-Event-Id is the event's id.
PD = "pandadoc"
PD_BODY = g.compact([{"event": "document_state_changed",
                      "data": {"id": "doc_misuse_pd", "name": "Contract.pdf",
                               "status": "document.completed",
                               "date_modified": "2025-12-31T23:50:00.000000Z"}}])
PD_HEADERS = [["X-PandaDoc-Webhook-Event-Id", "evt_misuse_pd"]]
PD_URL = "/webhooks/pandadoc?signature=" + g.hmac_hex(SECRET, PD_BODY)
PD_OK = {"event": {"id": "evt_misuse_pd"}}
PD_OK_ALL = {"events": [{"id": "evt_misuse_pd"}]}
# Providers the reference model of generate.py does not know: their cases are not checked there.
BEYOND_MODEL = {PD}

# Values JSON cannot hold, as tagged objects (see MISUSE.md).
NAN = {"$": "nan"}
INF = {"$": "inf"}
NEG_INF = {"$": "-inf"}
HOLE = {"$": "hole"}
UNDEFINED = {"$": "undefined"}
TWO_53 = 2 ** 53
# A lone surrogate, as a POSIX environment variable with non-UTF-8 bytes reaches Python
# (surrogateescape) or a broken string reaches JavaScript.
LONE = "\udcff"


def raw(data, as_=None):
    """Bytes, as the language's default bytes type (JS Uint8Array, Python bytes) or `as_`."""
    v = {"$": "bytes", "base64": base64.b64encode(g.to_bytes(data)).decode("ascii")}
    if as_:
        v["as"] = as_
    return v


def bigint(n):
    return {"$": "bigint", "value": str(n)}


def tup(*items):
    return {"$": "tuple", "items": list(items)}


def lookup(pairs):
    return {"$": "lookup", "pairs": [list(p) for p in pairs]}


def js_map(pairs):
    return {"$": "map", "pairs": [list(p) for p in pairs]}


def request(body, headers, used=False):
    return {"$": "request", "body": body, "headers": [list(h) for h in headers], "used": used}


def error(code):
    assert code in g.ERROR_CODES, code
    return {"error": code}


TYPE_ERROR = {"throws": "TypeError"}
cfg = error("INVALID_CONFIG")

CASES = []
DEFAULT = object()  # an argument of add() left out (None is a value of its own here)

# Special values each language can represent.
ONLY_JS_TAGS = {"hole", "undefined", "bigint", "map", "request"}
ONLY_PY_TAGS = {"tuple"}
JS_BYTES = {None, "Buffer", "ArrayBuffer", "DataView", "SharedArrayBuffer", "Uint16Array"}
PY_BYTES = {None, "bytearray", "memoryview"}


def tags(value, found):
    if isinstance(value, dict):
        if "$" in value:
            found.add(value["$"])
            if value["$"] == "bytes" and "as" in value:
                found.add("bytes:" + value["as"])
        for v in value.values():
            tags(v, found)
    elif isinstance(value, list):
        for v in value:
            tags(v, found)
    return found


def add(name, description, expect, options=None, body=BODY, headers=DEFAULT, now=NOW, only=None,
        not_echoed=None, message_contains=None, constructor_args=None, verify_request=DEFAULT,
        omit=(), option=None, request_now=None, url=DEFAULT, verify_all=False):
    """One case. `options` is the configuration in snake_case (`provider` included); `body`,
    `headers`, `now` and `url` are verify's arguments (`url` is not passed unless given);
    `verify_all` calls verify_all instead; `omit` names arguments not passed at all."""
    if options is None:
        options = {"provider": P, "secret": SECRET}
    if headers is DEFAULT:
        headers = [[H, SIG]]
    case = {"name": "misuse-" + name, "description": description}
    if only:
        case["only"] = only
    if constructor_args is not None:
        case["constructor_args"] = constructor_args
    else:
        case["options"] = options
    if verify_request is not DEFAULT:
        case["verify_request"] = verify_request
        if request_now is not None:
            case["now"] = request_now
    elif "verify" not in omit:
        case["body"] = body
        if "headers" not in omit:
            case["headers"] = headers
        if "now" not in omit:
            case["now"] = now
        if url is not DEFAULT:
            case["url"] = url
        if verify_all:
            case["verify_all"] = True
    case["expect"] = expect
    if not_echoed:
        case["not_echoed"] = not_echoed
    if message_contains:
        case["message_contains"] = message_contains
    if option is None and (expect == cfg or expect == TYPE_ERROR):
        option = _option_named(name)
    if option:
        case["message_names_option"] = option
    CASES.append(case)


def _option_named(name):
    """The option a failure's message must name (in snake_case; JavaScript spells it in
    camelCase), from the case's name."""
    for prefix, option in (("provider-", "provider"), ("secret", "secret"),
                           ("client-id-", "client_id"), ("tolerance-", "tolerance"),
                           ("max-body-bytes-", "max_body_bytes"), ("now-", "now"),
                           ("url-", "url")):
        if name.startswith(prefix):
            return option
    return None


def opts(**kw):
    o = {"provider": P, "secret": SECRET}
    for k, v in kw.items():
        if v is OMIT:
            o.pop(k, None)
        else:
            o[k] = v
    return o


OMIT = object()


# ---------------------------------------------------------------------------- provider

def provider_cases():
    leaked = "whsec_live_51HqLyjWDarjtT1zdp7dc"
    add("provider-secret-by-mistake",
        "An unknown provider that is really a secret is INVALID_CONFIG, and the message does "
        "not repeat it.", cfg, opts(provider=leaked), not_echoed=[leaked])
    add("provider-wrong-case", "Provider ids are exact: \"Propper\" is INVALID_CONFIG.",
        cfg, opts(provider="Propper"))
    add("provider-padded", "A padded provider id is INVALID_CONFIG.", cfg, opts(provider=" propper"))
    add("provider-empty", "An empty provider id is INVALID_CONFIG.", cfg, opts(provider=""))
    add("provider-null", "A null provider is INVALID_CONFIG.", cfg, opts(provider=None))
    add("provider-number", "A number as the provider is INVALID_CONFIG.", cfg, opts(provider=42))
    add("provider-bytes", "The provider id as bytes is INVALID_CONFIG (it is text).", cfg,
        opts(provider=raw("propper")))
    add("provider-object", "An object as the provider is INVALID_CONFIG.", cfg,
        opts(provider={"id": "propper"}))
    add("provider-lone-surrogate",
        "A provider id that is not valid text is INVALID_CONFIG and is not repeated.", cfg,
        opts(provider="whsec_sur" + LONE + "rogate"), not_echoed=["whsec_sur"])
    add("provider-absent", "No provider at all is INVALID_CONFIG.", cfg, opts(provider=OMIT),
        only="js")
    for label, args in (("none", []), ("null", [None]), ("string", ["propper"]),
                        ("number", [42])):
        add("constructor-options-" + label,
            "new Webhook() with no options object (%s) is INVALID_CONFIG." % label, cfg,
            constructor_args=args, only="js")
    add("constructor-positional-secret",
        "Python: secret is keyword-only; passing it positionally is Python's own TypeError.",
        TYPE_ERROR, constructor_args=[P, SECRET], only="python")
    add("constructor-camel-case-option",
        "Python: an option in JavaScript spelling (maxBodyBytes) is Python's own TypeError, "
        "not silently ignored.", TYPE_ERROR, opts(maxBodyBytes=64), only="python")


# ---------------------------------------------------------------------------- secrets

def secret_cases():
    add("secret-and-secrets", "secret and secrets both present is INVALID_CONFIG.", cfg,
        opts(secrets=[SECRET]))
    add("secret-null-secrets-list",
        "secret null is absent: { secret: null, secrets: [...] } is a rotation list.", OK,
        {"provider": P, "secret": None, "secrets": ["whsec_old", SECRET]})
    add("secret-with-secrets-null", "secrets null is absent: secret alone is used.", OK,
        opts(secrets=None))
    add("secret-neither", "Neither secret nor secrets is INVALID_CONFIG.", cfg,
        {"provider": P})
    add("secret-both-null", "secret and secrets both null is INVALID_CONFIG (no secret).", cfg,
        {"provider": P, "secret": None, "secrets": None})
    add("secrets-empty-list", "An empty secrets list is INVALID_CONFIG.", cfg,
        {"provider": P, "secrets": []})
    add("secrets-null-entry", "A null entry in secrets is INVALID_CONFIG.", cfg,
        {"provider": P, "secrets": [SECRET, None]}, message_contains=["#1"])
    add("secrets-hole", "A hole in a sparse secrets array is INVALID_CONFIG.", cfg,
        {"provider": P, "secrets": [SECRET, HOLE, "whsec_other"]}, only="js",
        message_contains=["#1"])
    add("secrets-undefined-entry", "An undefined entry in secrets is INVALID_CONFIG.", cfg,
        {"provider": P, "secrets": [SECRET, UNDEFINED]}, only="js")
    add("secrets-a-string", "secrets as one string (not a list) is INVALID_CONFIG.", cfg,
        {"provider": P, "secrets": SECRET}, not_echoed=[SECRET])
    add("secrets-bytes", "secrets as one bytes value (not a list) is INVALID_CONFIG.", cfg,
        {"provider": P, "secrets": raw(SECRET)})
    add("secrets-object", "secrets as an object or dict is INVALID_CONFIG.", cfg,
        {"provider": P, "secrets": {"0": SECRET}})
    add("secrets-tuple", "Python: secrets may be a tuple.", OK,
        {"provider": P, "secrets": tup("whsec_old", SECRET)}, only="python")
    add("secrets-rotation-bytes-and-text",
        "A rotation list may mix bytes and text; the request signed with the text secret passes.",
        OK, {"provider": P, "secrets": [raw("whsec_old_bytes"), SECRET]})
    for label, value in (("number", 1234), ("true", True), ("object", {"key": SECRET}),
                         ("list", [SECRET])):
        add("secret-" + label, "A secret that is a %s is INVALID_CONFIG." % label, cfg,
            opts(secret=value), not_echoed=[SECRET] if label in ("object", "list") else None)
    add("secret-empty-text", "An empty text secret is INVALID_CONFIG.", cfg, opts(secret=""))
    add("secret-empty-bytes", "An empty bytes secret is INVALID_CONFIG.", cfg, opts(secret=raw(b"")))
    for label, value in (("leading-space", " " + SECRET), ("trailing-newline", SECRET + "\n"),
                         ("trailing-tab", SECRET + "\t"), ("crlf", SECRET + "\r\n")):
        add("secret-" + label,
            "A text secret with %s is INVALID_CONFIG; the message names it by position, not "
            "content." % label.replace("-", " "), cfg, opts(secret=value),
            not_echoed=[SECRET], message_contains=["#0"])
    add("secrets-second-padded", "The message names the bad secret by position.", cfg,
        {"provider": P, "secrets": [SECRET, "whsec_second_one\n"]},
        not_echoed=["whsec_second_one"], message_contains=["#1"])
    padded = b" whsec_bytes_key\n"
    add("secret-bytes-with-whitespace",
        "Bytes secrets are used verbatim: surrounding whitespace bytes are part of the key.",
        OK, opts(secret=raw(padded)), headers=[[H, g.sig_value(P, {"base64": base64.b64encode(
            padded).decode()}, BODY)]])
    add("secret-inner-space", "Whitespace inside a text secret is part of it.", OK,
        opts(secret="whsec with space"), headers=[[H, g.sig_value(P, "whsec with space", BODY)]])
    uni = "whsec_sécret_ü_秘密"
    add("secret-unicode-text", "A non-ASCII text secret is used as its UTF-8 bytes.", OK,
        opts(secret=uni), headers=[[H, g.sig_value(P, uni, BODY)]])
    add("secret-lone-surrogate",
        "A text secret that is not valid Unicode (a non-UTF-8 environment variable) is "
        "INVALID_CONFIG, named by position and not repeated.", cfg,
        opts(secret="whsec_sur" + LONE + "rogate"), not_echoed=["whsec_sur"],
        message_contains=["#0"])
    add("secrets-lone-surrogate-second",
        "The same for the second secret of a rotation list.", cfg,
        {"provider": P, "secrets": [SECRET, "whsec_sur" + LONE]}, not_echoed=["whsec_sur"],
        message_contains=["#1"])
    add("secret-high-surrogate", "A lone high surrogate is INVALID_CONFIG too.", cfg,
        opts(secret="whsec_\ud800x"), not_echoed=["whsec_"])
    for as_ in ("Buffer", "ArrayBuffer", "DataView"):
        add("secret-bytes-" + as_.lower(), "JavaScript: a %s secret is bytes." % as_, OK,
            opts(secret=raw(SECRET, as_)), only="js")
    even = SECRET + "2"  # a Uint16Array holds an even number of bytes
    assert len(even) % 2 == 0
    add("secret-bytes-uint16array", "JavaScript: any view is bytes (its underlying bytes).", OK,
        opts(secret=raw(even, "Uint16Array")), headers=[[H, g.sig_value(P, even, BODY)]],
        only="js")
    for as_ in ("bytearray", "memoryview"):
        add("secret-" + as_, "Python: a %s secret is bytes." % as_, OK,
            opts(secret=raw(SECRET, as_)), only="python")


# ---------------------------------------------------------------------------- client id

def client_id_cases():
    def kopts(**kw):
        o = {"provider": K, "secret": SECRET}
        o.update(kw)
        return o

    kh = [["X-Signature", K_SIG], ["X-Client-Id", "client_7"]]
    add("client-id-matches", "A client id that matches passes.", K_OK, kopts(client_id="client_7"),
        body=K_BODY, headers=kh)
    add("client-id-null", "A null client id is absent.", K_OK, kopts(client_id=None),
        body=K_BODY, headers=kh)
    for label, value in (("number", 7), ("list", ["client_7"]), ("true", True),
                         ("bytes", raw("client_7")), ("empty", ""), ("padded", " client_7 "),
                         ("lone-surrogate", "client_7" + LONE)):
        add("client-id-" + label, "A client id that is %s is INVALID_CONFIG." % label.replace(
            "-", " "), cfg, kopts(client_id=value), body=K_BODY, headers=kh)
    add("client-id-for-propper", "client_id is krebit-only: INVALID_CONFIG for propper.", cfg,
        opts(client_id="client_7"))
    add("client-id-null-for-propper", "A null client id is absent, for any provider.", OK,
        opts(client_id=None))
    uni = "clïent_ü"
    add("client-id-unicode", "A non-ASCII client id matches the same text in the header.", K_OK,
        kopts(client_id=uni), body=K_BODY, headers=[["X-Signature", K_SIG], ["X-Client-Id", uni]])
    add("client-id-header-lone-surrogate",
        "An X-Client-Id value that is not valid Unicode is read with the invalid part "
        "replaced: a different client id.", error("CLIENT_ID_MISMATCH"),
        kopts(client_id="client_7"), body=K_BODY,
        headers=[["X-Signature", K_SIG], ["X-Client-Id", "client_7" + LONE]])


# ---------------------------------------------------------------------------- whole numbers

def number_cases():
    bad = (("true", True), ("false", False), ("fraction", 1.5), ("negative-fraction", -0.5),
           ("nan", NAN), ("infinity", INF), ("negative-infinity", NEG_INF),
           ("2-pow-54", 2 * TWO_53), ("minus-2-pow-54", -2 * TWO_53), ("2-pow-70", 2 ** 70),
           ("string", "300"), ("list", [300]), ("object", {"seconds": 300}))
    for option in ("tolerance", "max_body_bytes"):
        o = option.replace("_", "-")
        for label, value in bad:
            add("%s-%s" % (o, label), "%s of %s is INVALID_CONFIG." % (option, label.replace(
                "-", " ")), cfg, opts(**{option: value}))
        add(o + "-bigint", "JavaScript: a BigInt %s is INVALID_CONFIG (a number is expected)."
            % option, cfg, opts(**{option: bigint(300)}), only="js")
        add(o + "-null", "A null %s is absent." % option, OK, opts(**{option: None}))
        add(o + "-whole-float", "A float with no fraction is a whole number.", OK,
            opts(**{option: 4096.0}))
        add(o + "-2-pow-53", "2^53 is the largest accepted.", OK, opts(**{option: TWO_53}))
    add("tolerance-negative", "A negative tolerance is INVALID_CONFIG.", cfg, opts(tolerance=-1))
    add("tolerance-zero", "Tolerance 0 accepts an event at exactly now.", OK, opts(tolerance=0))
    add("tolerance-negative-zero", "-0.0 is zero.", OK, opts(tolerance=-0.0))
    add("max-body-bytes-zero", "max_body_bytes 0 is INVALID_CONFIG.", cfg, opts(max_body_bytes=0))
    add("max-body-bytes-negative", "A negative max_body_bytes is INVALID_CONFIG.", cfg,
        opts(max_body_bytes=-5))
    add("max-body-bytes-one", "max_body_bytes 1 is valid; the body is then too large.",
        error("PAYLOAD_TOO_LARGE"), opts(max_body_bytes=1))
    add("max-body-bytes-whole-float-too-small",
        "A float limit counts like the integer: the body is too large.",
        error("PAYLOAD_TOO_LARGE"), opts(max_body_bytes=16.0))


# ---------------------------------------------------------------------------- body

def body_cases():
    add("body-text", "Text is verified as its UTF-8 bytes.", OK)
    add("body-bytes", "Bytes are verified as they are.", OK, body=raw(BODY))
    uni = g.compact({"id": "evt_misuse_1", "type": "document.signed", "note": "Överlåtelse 📄"})
    add("body-text-non-ascii", "Non-ASCII text is verified as its UTF-8 bytes.", OK, body=uni,
        headers=[[H, g.sig_value(P, SECRET, uni)]])
    for label, value in (("object", json.loads(BODY)), ("null", None), ("number", 42),
                         ("true", True), ("list", [123, 125])):
        add("body-parsed-" + label, "A %s as the body is BODY_NOT_RAW." % label,
            error("BODY_NOT_RAW"), body=value)
    lone = BODY.replace("Contract.pdf", "Contract" + LONE + ".pdf")
    add("body-lone-surrogate",
        "Text holding a lone surrogate cannot be what arrived on the wire: BODY_NOT_RAW.",
        error("BODY_NOT_RAW"), body=lone)
    lone_high = BODY.replace("Contract.pdf", "\ud800")
    add("body-lone-high-surrogate", "The same for a lone high surrogate.",
        error("BODY_NOT_RAW"), body=lone_high)
    add("body-undefined", "JavaScript: an undefined body is BODY_NOT_RAW.",
        error("BODY_NOT_RAW"), body=UNDEFINED, only="js")
    for as_ in ("Buffer", "ArrayBuffer", "DataView", "SharedArrayBuffer"):
        add("body-" + as_.lower(), "JavaScript: a %s body is raw bytes." % as_, OK,
            body=raw(BODY, as_), only="js")
    for as_ in ("bytearray", "memoryview"):
        add("body-" + as_, "Python: a %s body is raw bytes." % as_, OK, body=raw(BODY, as_),
            only="python")


# ---------------------------------------------------------------------------- headers

def header_cases():
    miss = error("MISSING_SIGNATURE")
    add("headers-null", "Absent headers are no headers: MISSING_SIGNATURE.", miss, headers=None)
    add("headers-undefined", "JavaScript: undefined headers are no headers.", miss,
        headers=UNDEFINED, only="js")
    add("headers-omitted", "JavaScript: headers not passed at all are no headers.", miss,
        omit=("headers",), only="js")
    add("headers-empty-object", "An empty object or dict: MISSING_SIGNATURE.", miss, headers={})
    add("headers-empty-list", "An empty list: MISSING_SIGNATURE.", miss, headers=[])
    add("headers-object", "A plain object or dict, names matched case-insensitively.", OK,
        headers={"x-PROPPER-signature": SIG})
    add("headers-object-list-value", "A value may be a list of strings (a repeated header).",
        OK, headers={H: ["sha256=" + "0" * 64, SIG]})
    add("headers-object-null-in-list", "A null inside a value list is no value.", OK,
        headers={H: [None, SIG]})
    add("headers-flat-list", "A flat [name, value, ...] list, as Node's req.rawHeaders.", OK,
        headers=["Host", "example.com", H, SIG])
    add("headers-lookup-object",
        "Anything with get (Flask's and Starlette's headers, a Web Headers) is asked for the "
        "headers read.", OK, headers=lookup([[H, SIG]]))
    add("headers-map", "JavaScript: a Map.", OK, headers=js_map([[H.lower(), SIG]]), only="js")
    for label, value in (("string", H + ": " + SIG), ("number", 42), ("true", True)):
        add("headers-" + label, "Headers that are %s are a TypeError." % label.replace(
            "-", " "), TYPE_ERROR, headers=value)
    for label, value in (("number", 42), ("true", True), ("object", {"v": SIG}),
                         ("list-with-number", [SIG, 42]), ("nested-list", [[SIG]])):
        add("header-value-" + label,
            "A value of the signature header that is %s is a TypeError naming the header."
            % label.replace("-", " "), TYPE_ERROR, headers={H: value},
            message_contains=[H.lower()])
    add("header-pair-value-number", "The same in a list of pairs.", TYPE_ERROR,
        headers=[[H, 42]], message_contains=[H.lower()])
    add("header-flat-value-number", "The same in a flat list.", TYPE_ERROR,
        headers=[H, 42], message_contains=[H.lower()])
    add("header-value-null", "A null value of the signature header is absent.", miss,
        headers={H: None})
    add("header-unread-value-number", "Headers that are not read are not inspected.", OK,
        headers={H: SIG, "X-Retry-Count": 3, "X-Parsed": {"a": 1}})
    add("header-unread-pair-value-number", "The same in a list of pairs.", OK,
        headers=[["X-Retry-Count", 3], [H, SIG]])
    add("header-pair-name-number", "A pair whose name is not text is not a header read.", OK,
        headers=[[1, "x"], [H, SIG]])
    add("header-value-lone-surrogate",
        "A signature header value that is not valid Unicode is read with the invalid part "
        "replaced: a malformed signature.", error("MALFORMED_SIGNATURE"),
        headers=[[H, SIG[:-1] + LONE]])
    add("header-candidate-lone-surrogate",
        "A second candidate that is not valid Unicode does not hide the good one.", OK,
        headers=[[H, SIG + ", x" + LONE]])
    add("header-name-lone-surrogate", "A header name that is not valid Unicode is not read.", OK,
        headers=[["X-" + LONE, "x"], [H, SIG]])
    add("header-value-bytes", "Python: a bytes value is read as UTF-8.", OK,
        headers={H: raw(SIG)}, only="python")
    add("header-name-and-value-bytes", "Python: bytes names and values (ASGI scope headers).",
        OK, headers=[[raw(H.lower()), raw(SIG)]], only="python")


# ---------------------------------------------------------------------------- now

def now_cases():
    win = opts(tolerance=0)
    for label, value in (("nan", NAN), ("infinity", INF), ("negative-infinity", NEG_INF),
                         ("2-pow-54", 2 * TWO_53), ("minus-2-pow-54", -2 * TWO_53),
                         ("2-pow-70", 2 ** 70), ("huge-float", 1.5e300)):
        add("now-" + label, "now of %s is INVALID_CONFIG, with no tolerance configured."
            % label.replace("-", " "), cfg, now=value)
        add("now-%s-with-tolerance" % label, "The same with a tolerance.", cfg, win, now=value)
    for label, value in (("string", str(NOW)), ("true", True), ("false", False),
                         ("list", [NOW]), ("object", {"now": NOW})):
        add("now-" + label, "now that is %s is a TypeError." % label, TYPE_ERROR, win, now=value)
    add("now-bigint", "JavaScript: a BigInt now is a TypeError (a number is expected).",
        TYPE_ERROR, win, now=bigint(NOW), only="js")
    add("now-2-pow-54-body-too-large",
        "now out of range is INVALID_CONFIG whatever the request: also with a body over the "
        "limit.", cfg, opts(max_body_bytes=16), now=2 * TWO_53)
    add("now-null", "A null now is absent: the current time.", OK, now=None)
    add("now-omitted", "now not passed: the current time.", OK, omit=("now",))
    add("now-undefined", "JavaScript: an undefined now is absent.", OK, now=UNDEFINED, only="js")
    add("now-2-pow-53", "2^53 is in range.", OK, now=TWO_53)
    add("now-minus-2-pow-53", "-2^53 is in range.", OK, now=-TWO_53)
    add("now-whole-float", "A float with no fraction.", OK, win, now=float(NOW))
    add("now-fraction-dropped",
        "The fraction is dropped: 0.9 s after the event is still at tolerance 0.", OK, win,
        now=NOW + 0.9)
    add("now-fraction-before",
        "Half a second before the event is a whole second before it: outside tolerance 0.",
        error("TIMESTAMP_OUT_OF_RANGE"), win, now=NOW - 0.5)


# ---------------------------------------------------------------------------- url

def url_cases():
    pd = {"provider": PD, "secret": SECRET}
    miss = error("MISSING_SIGNATURE")
    add("url-pandadoc", "The request URL carries PandaDoc's signature in its query.", PD_OK, pd,
        body=PD_BODY, headers=PD_HEADERS, url=PD_URL)
    add("url-omitted", "No url: PandaDoc's signature is nowhere, MISSING_SIGNATURE.", miss, pd,
        body=PD_BODY, headers=PD_HEADERS)
    add("url-null", "A null url is absent: MISSING_SIGNATURE, as with no url.", miss, pd,
        body=PD_BODY, headers=PD_HEADERS, url=None)
    add("url-undefined", "JavaScript: an undefined url is absent.", miss, pd, body=PD_BODY,
        headers=PD_HEADERS, url=UNDEFINED, only="js")
    add("url-empty", "An empty url is no URL.", miss, pd, body=PD_BODY, headers=PD_HEADERS,
        url="")
    add("url-null-for-propper",
        "A null url is absent: a provider that does not sign in the URL verifies as without "
        "one.", OK, url=None)
    add("url-for-propper", "A provider that does not sign in the URL does not read it.", OK,
        url=PD_URL)
    add("url-lone-surrogate",
        "A url that is not valid Unicode is read with the invalid part replaced: the signature "
        "in its query still verifies.", PD_OK, pd, body=PD_BODY, headers=PD_HEADERS,
        url=PD_URL.replace("/pandadoc?", "/panda" + LONE + "doc?"))
    for label, value in (("number", 42), ("true", True), ("object", {"url": PD_URL}),
                         ("list", [PD_URL])):
        add("url-" + label, "A url that is %s is a TypeError." % label, TYPE_ERROR, pd,
            body=PD_BODY, headers=PD_HEADERS, url=value)
    add("url-number-for-propper",
        "A url that is not text is a TypeError whatever the provider.", TYPE_ERROR, url=42)
    add("url-bytes", "Python: a bytes url is read as UTF-8 (a WSGI query string).", PD_OK, pd,
        body=PD_BODY, headers=PD_HEADERS, url=raw(PD_URL), only="python")
    add("url-uint8array", "JavaScript: bytes as the url are a TypeError (text is expected).",
        TYPE_ERROR, pd, body=PD_BODY, headers=PD_HEADERS, url=raw(PD_URL), only="js")
    add("url-pandadoc-verify-all", "verify_all reads the url as verify does.", PD_OK_ALL, pd,
        body=PD_BODY, headers=PD_HEADERS, url=PD_URL, verify_all=True)
    add("url-null-verify-all", "verify_all: a null url is absent.", miss, pd, body=PD_BODY,
        headers=PD_HEADERS, url=None, verify_all=True)
    add("url-number-verify-all", "verify_all: a url that is a number is a TypeError.",
        TYPE_ERROR, pd, body=PD_BODY, headers=PD_HEADERS, url=42, verify_all=True)


# ---------------------------------------------------------------------------- verifyRequest

def request_cases():
    for label, value in (("null", None), ("undefined", UNDEFINED), ("string", BODY),
                         ("number", 42), ("body-only-object", {"body": BODY}),
                         ("headers-only-object", {"headers": {H: SIG}})):
        add("verify-request-" + label,
            "verifyRequest with %s instead of a Request is BODY_NOT_RAW." % label.replace(
                "-", " "), error("BODY_NOT_RAW"), verify_request=value, only="js")
    add("verify-request-body-used",
        "verifyRequest with a Request whose body was already read is BODY_NOT_RAW.",
        error("BODY_NOT_RAW"), verify_request=request(BODY, [[H, SIG]], used=True), only="js")
    add("verify-request", "verifyRequest with a fresh Request verifies.", OK,
        verify_request=request(BODY, [[H, SIG]]), only="js")
    add("verify-request-now-out-of-range-body-too-large",
        "verifyRequest with now out of range is INVALID_CONFIG, also with a body over the "
        "limit.", cfg, opts(max_body_bytes=16), verify_request=request(BODY, [[H, SIG]]),
        request_now=2 * TWO_53, only="js", option="now")


# ---------------------------------------------------------------------------- checks

def _plain(value):
    """The value as a standard vector holds it, or raise ValueError."""
    if isinstance(value, dict) and value.get("$") == "bytes" and "as" not in value:
        return {"base64": value["base64"]}
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list, float)):
        raise ValueError
    if isinstance(value, str) and re.search("[\ud800-\udfff]", value):
        raise ValueError
    return value


def _secret(value):
    value = _plain(value)
    if not isinstance(value, (str, dict)):
        raise ValueError
    return value


def as_vector(case):
    """The case as a standard vector (for the reference model), or None."""
    if not {"options", "body", "headers", "now"} <= set(case):
        return None
    if case.get("url") is not None or "verify_all" in case:
        return None  # the reference model knows no URL and no verify_all
    o = dict(case["options"])
    try:
        provider = o.pop("provider", None)
        if not isinstance(provider, str) or provider in BEYOND_MODEL:
            return None
        if "secret" in o and "secrets" in o:
            return None
        if "secret" in o:
            secrets = [_secret(o.pop("secret"))]
        elif "secrets" in o:
            if not isinstance(o["secrets"], list):
                return None
            secrets = [_secret(s) for s in o.pop("secrets")]
        else:
            return None
        options = {}
        for k, v in o.items():
            if isinstance(v, float) or isinstance(v, bool) or v is None:
                return None
            if k == "client_id" and not isinstance(v, str):
                return None
            if k in ("tolerance", "max_body_bytes") and not (
                    isinstance(v, int) and abs(v) <= TWO_53):
                return None  # the reference model knows no range for these
            if k == "max_body_bytes" and v < 0:
                return None  # nor negative limits (it refuses only 0)
            options[k] = _plain(v)
        headers = case["headers"]
        if not isinstance(headers, list) or not all(
                isinstance(h, list) and len(h) == 2 and all(isinstance(x, str) for x in h)
                and not re.search("[\ud800-\udfff]", "".join(h)) for h in headers):
            return None
        body = case["body"]
        vector = {"provider": provider, "secrets": secrets, "options": options,
                  "headers": headers, "now": case["now"]}
        if isinstance(body, dict) and body.get("$") == "bytes" and "as" not in body:
            vector["body_base64"] = body["base64"]
        elif isinstance(body, str) and not re.search("[\ud800-\udfff]", body):
            vector["body"] = body
        else:
            return None
        if not isinstance(case["now"], int) or isinstance(case["now"], bool):
            return None
        if abs(case["now"]) > TWO_53:
            return None
        return vector
    except ValueError:
        return None


_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check(cases):
    names = set()
    checked = 0
    for c in cases:
        n = c["name"]
        assert _NAME.match(n), "not kebab-case: " + n
        assert n not in names, "duplicate name: " + n
        names.add(n)
        assert c.get("only") in (None, "js", "python"), n
        e = c["expect"]
        assert len(e) == 1 and (e.get("error") in g.ERROR_CODES or e.get("throws") == "TypeError"
                                or set(e.get("event", {})) == {"id"}
                                or ("events" in e and c.get("verify_all") and all(
                                    set(x) == {"id"} for x in e["events"]))), n
        found = tags(c, set())
        js_only = (found & ONLY_JS_TAGS) or any(
            t.startswith("bytes:") and t[6:] not in PY_BYTES for t in found)
        py_only = (found & ONLY_PY_TAGS) or any(
            t.startswith("bytes:") and t[6:] not in JS_BYTES for t in found)
        assert not (js_only and py_only), n
        if js_only:
            assert c.get("only") == "js", n + ": uses a JavaScript-only value"
        if py_only:
            assert c.get("only") == "python", n + ": uses a Python-only value"
        vector = as_vector(c)
        if vector is not None and c.get("only") is None:
            got = g.reference_outcome(vector)
            if "event" in got:
                got = {"event": {"id": got["event"]["id"]}}
            assert got == e, "%s: expected %r, the reference model says %r" % (n, e, got)
            checked += 1
    # Every kind of argument of docs/arguments.md is covered.
    for prefix in ("misuse-provider-", "misuse-secret", "misuse-client-id-", "misuse-tolerance-",
                   "misuse-max-body-bytes-", "misuse-body-", "misuse-headers-",
                   "misuse-header-value-", "misuse-now-", "misuse-url-",
                   "misuse-verify-request"):
        assert any(n.startswith(prefix) for n in names), prefix
    assert checked >= 30, checked
    standard = {c["name"] for f in g.FILES for c in json.load(
        open(os.path.join(HERE, f), encoding="utf-8"))["cases"]}
    assert not names & standard, names & standard
    return checked


def wrap_lone_surrogates(value):
    """Strings holding a lone surrogate as {"$": "json", "text": <their JSON text>}: a strict
    JSON parser (serde_json) refuses the escape itself, so it must not reach the file as a
    string; each language's own JSON parser turns the text back into the string."""
    if isinstance(value, str) and re.search("[\ud800-\udfff]", value):
        return {"$": "json", "text": json.dumps(value)}
    if isinstance(value, list):
        return [wrap_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {k: wrap_lone_surrogates(v) for k, v in value.items()}
    return value


def main():
    provider_cases()
    secret_cases()
    client_id_cases()
    number_cases()
    body_cases()
    header_cases()
    now_cases()
    url_cases()
    request_cases()
    checked = check(CASES)
    doc = {
        "description": "Misuse of every argument, from docs/arguments.md: each case is one "
                       "call and the one answer every binding gives. The cases are under "
                       "`misuse` (format: tests/vectors/MISUSE.md); `cases` is empty so that "
                       "the standard vector loaders read none of them.",
        "provenance": g.PROVENANCE.replace("generate.py", "generate_misuse.py"),
        "cases": [],
        "misuse": CASES,
    }
    doc = wrap_lone_surrogates(doc)
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    assert not re.search("[\ud800-\udfff]", text)
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    by = {}
    for c in CASES:
        by[c.get("only", "all")] = by.get(c.get("only", "all"), 0) + 1
    print("misuse.json %d cases (%s), %d checked against the reference model" % (
        len(CASES), ", ".join("%s %d" % kv for kv in sorted(by.items())), checked))


if __name__ == "__main__":
    main()
