#!/usr/bin/env python3
"""Generate signhook's shared test vectors.

Run from the repository root:  python3 tests/vectors/generate.py

Only the standard library is used. Every signature and every derived id is
computed here with Python's hmac and hashlib modules, independently of the
code under test. Each hand-written expectation is also cross-checked against a
small reference model of the rules (``reference_verify`` below) before any
file is written, so a typo in an expectation fails the generator instead of
ending up in a vector. Output is deterministic: running the script twice gives
byte-identical files.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import re
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))

NOW = 1767225600  # 2026-01-01T00:00:00Z

PROVENANCE = (
    "Signatures and derived ids computed by tests/vectors/generate.py with "
    "Python's hmac and hashlib modules, independently of signhook."
)

PROVIDERS = ("krebit", "sajn", "propper")

SIG_HEADER = {
    "krebit": "X-Signature",
    "sajn": "X-Sajn-Signature",
    "propper": "X-Propper-Signature",
}

SECRET = {
    "krebit": "whsec_krebit_test",
    "sajn": "whsec_sajn_test",
    "propper": "whsec_propper_test",
}

KIND = {
    "krebit": {
        "signing.sent": "document.sent",
        "signing.document.completed": "document.completed",
        "signing.cancelled": "document.cancelled",
    },
    "sajn": {
        "DOCUMENT_CREATED": "document.created",
        "DOCUMENT_SENT": "document.sent",
        "DOCUMENT_OPENED": "document.viewed",
        "DOCUMENT_SIGNED": "document.signed",
        "DOCUMENT_COMPLETED": "document.completed",
        "DOCUMENT_REJECTED": "document.declined",
    },
    "propper": {
        "document.created": "document.created",
        "document.sent": "document.sent",
        "document.viewed": "document.viewed",
        "document.signed": "document.signed",
        "document.completed": "document.completed",
        "document.declined": "document.declined",
        "document.voided": "document.cancelled",
        "document.expired": "document.expired",
    },
}

DEFAULT_MAX_BODY_BYTES = 1048576
MAX_CANDIDATES = 8
MAX_DEPTH = 128

ERROR_CODES = (
    "MISSING_SIGNATURE",
    "MALFORMED_SIGNATURE",
    "SIGNATURE_MISMATCH",
    "CLIENT_ID_MISMATCH",
    "TIMESTAMP_OUT_OF_RANGE",
    "INVALID_PAYLOAD",
    "PAYLOAD_TOO_LARGE",
    "BODY_NOT_RAW",
    "INVALID_CONFIG",
)


# --------------------------------------------------------------------------
# Primitives


def to_bytes(body):
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def secret_key(secret):
    """A secret as written in a vector: str (UTF-8) or {"base64": ...}."""
    if isinstance(secret, dict):
        return base64.b64decode(secret["base64"], validate=True)
    if isinstance(secret, bytes):
        return secret
    return secret.encode("utf-8")


def b64secret(raw):
    return {"base64": base64.b64encode(raw).decode("ascii")}


def hmac_hex(secret, body):
    return hmac.new(secret_key(secret), to_bytes(body), hashlib.sha256).hexdigest()


def sig_value(provider, secret, body):
    h = hmac_hex(secret, body)
    return "sha256=" + h if provider == "propper" else h


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def pretty(obj):
    return json.dumps(obj, ensure_ascii=False, indent=2)


def iso(ts):
    dt = datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def derive_id(provider, type_, occurred_at, organization_id, document, signer):
    parts = [
        provider,
        type_,
        occurred_at or "",
        organization_id or "",
        (document or {}).get("id") or "",
        (signer or {}).get("id") or "",
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return provider + "_" + digest[:32]


def mixed_case(hexstr):
    return "".join(c.upper() if i % 2 else c for i, c in enumerate(hexstr))


# --------------------------------------------------------------------------
# Expected-event builders


def doc(id=None, name=None, status=None, external_id=None, completed_at=None):
    d = {
        "id": id,
        "name": name,
        "status": status,
        "external_id": external_id,
        "completed_at": completed_at,
    }
    return None if all(v is None for v in d.values()) else d


def signer(id=None, email=None, name=None, signed_at=None, signature_type=None):
    s = {
        "id": id,
        "email": email,
        "name": name,
        "signed_at": signed_at,
        "signature_type": signature_type,
    }
    return None if all(v is None for v in s.values()) else s


def ev(provider, type_, id=None, occurred_at=None, document=None, signer=None,
       reason=None, download_url=None, organization_id=None, client_id=None):
    if id is None:
        id_source = "derived"
        id = derive_id(provider, type_, occurred_at, organization_id, document, signer)
    else:
        id_source = "provider"
    return {
        "provider": provider,
        "id": id,
        "id_source": id_source,
        "type": type_,
        "kind": KIND[provider].get(type_, "unknown"),
        "occurred_at": occurred_at,
        "document": document,
        "signer": signer,
        "reason": reason,
        "download_url": download_url,
        "organization_id": organization_id,
        "client_id": client_id,
        "authentication": "hmac-body",
    }


# --------------------------------------------------------------------------
# Case collection

FILES = {
    "krebit.json": "Krebit Sign: every documented event type, the type/event "
                   "fallback, the time-field fallbacks, X-Client-Id handling, "
                   "integer ids and lenient mapping of the body.",
    "sajn.json": "sajn: every documented event type, the published payload "
                 "shape, derived ids (always derived, stable across header "
                 "spelling), Unicode and escaped strings, lenient field types.",
    "propper.json": "Propper: every documented event type, the published "
                    "payload shape with evt_ ids, integer created times, "
                    "derived ids when id is absent, lenient document/signer "
                    "objects and aliases.",
    "signatures.json": "Signature header rules: header-name case, hex case, "
                       "whitespace, the propper sha256= prefix, multiple "
                       "candidates and their limit, secret rotation, bytes "
                       "secrets, malformed/missing/mismatching signatures.",
    "matrix.json": "The bad-input matrix: one row per hostile or mistaken input a public "
                   "endpoint meets, each with the one error code every binding must give "
                   "(`matrix` names the row in the docs table).",
    "errors.json": "Every error code: configuration errors, body size limit, "
                   "bodies that are not a JSON object of the provider's shape, "
                   "client id mismatch, the opt-in timestamp tolerance, the "
                   "order in which checks fail, and the binding-only "
                   "BODY_NOT_RAW.",
}

CASES = {f: [] for f in FILES}


def add(file, name, description, provider, body, expect, secrets=None,
        options=None, headers=None, now=NOW, **extra):
    """Append one case. ``headers=None`` means: a valid signature with the
    provider's default secret plus Content-Type."""
    if secrets is None:
        secrets = [SECRET.get(provider, "whsec_test")]
    if headers is None:
        headers = std_headers(provider, body)
    case = {
        "name": name,
        "description": description,
        "provider": provider,
        "secrets": secrets,
    }
    if options is not None:
        case["options"] = options
    case["headers"] = [list(h) for h in headers]
    if "matrix" in extra:
        case["matrix"] = extra["matrix"]
    if extra.get("bindings_only"):
        case["bindings_only"] = True
        case["body_parsed"] = extra["body_parsed"]
    else:
        raw = to_bytes(body)
        try:
            case["body"] = raw.decode("utf-8")
        except UnicodeDecodeError:
            case["body_base64"] = base64.b64encode(raw).decode("ascii")
    case["now"] = now
    case["expect"] = expect
    CASES[file].append(case)


def std_headers(provider, body, secret=None, client_id=None, user_agent=None):
    h = []
    if provider in SIG_HEADER:
        h.append([SIG_HEADER[provider],
                  sig_value(provider, secret or SECRET[provider], body)])
    h.append(["Content-Type", "application/json"])
    if client_id is not None:
        h.append(["X-Client-Id", client_id])
    if user_agent is not None:
        h.append(["User-Agent", user_agent])
    return h


def err(code):
    assert code in ERROR_CODES, code
    return {"error": code}


def ok(event):
    return {"event": event}


# --------------------------------------------------------------------------
# Realistic sample data

DOC_IDS = [
    "7f3c2a1e-9b4d-4c8e-a6f1-2d5e8b9c0a13",
    "0b8e4f6a-2c1d-4e3b-9a7f-5c6d8e1f2a34",
    "c41d9e27-6a3b-4f80-8e15-93b2d7a6f058",
    "5e9a1b3c-7d2f-4a6e-b8c1-0f4d2e6a9b75",
    "a2f6c8e0-1b3d-4579-8ace-f02468bdf196",
    "d9c7b5a3-8f1e-4d2c-b0a9-7e6f5d4c3b21",
    "3a5c7e9b-0d2f-4146-8b8d-aecf01234567",
    "e8d6c4b2-a0f9-4e7d-9c5b-3a1f2e4d6c88",
    "6b4d2f0e-9c8a-4765-a3b1-c2d0e9f8a7b6",
]
SIGNER_IDS = [
    "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
    "9f8e7d6c-5b4a-4392-a1f0-e9d8c7b6a5f4",
    "4b6d8f0a-2c4e-4608-9a2c-4e6f8a0c2e4a",
    "f1e2d3c4-b5a6-4978-8a6b-5c4d3e2f1a0b",
    "2e4c6a8f-0b1d-4f3e-b5c7-d9e1f3a5b7c9",
]
ORG_ID = "org_3f9a2c71d4e8"
CLIENT_ID = "client_8d41f0"
UA = {
    "krebit": "Krebit-Webhooks/2.3",
    "sajn": "sajn-webhook/1.0",
    "propper": "Propper-Webhook/1.4 (+https://propper.example/webhooks)",
}


# --------------------------------------------------------------------------
# krebit.json


def krebit_cases():
    F = "krebit.json"

    # signing.sent — time in "timestamp"; X-Client-Id reported without the option.
    body_obj = {
        "id": "evt_kr_01JGX3Q8M2A7W5T4N9B6C1D0E8",
        "type": "signing.sent",
        "timestamp": "2025-12-31T23:58:04Z",
        "data": {
            "document": {
                "id": DOC_IDS[0],
                "name": "Employment contract – Jane Doe.pdf",
                "status": "sent",
                "externalId": "HR-2025-0412",
            },
            "signer": {
                "id": SIGNER_IDS[0],
                "email": "jane.doe@example.com",
                "name": "Jane Doe",
            },
        },
        "account": {"id": "acc_55102", "region": "eu-north-1"},
    }
    body = compact(body_obj)
    add(F, "krebit-signing-sent",
        "A signing.sent event maps to document.sent with the provider id, the "
        "time from timestamp, and the X-Client-Id header reported although no "
        "client_id option is set.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", id="evt_kr_01JGX3Q8M2A7W5T4N9B6C1D0E8",
              occurred_at="2025-12-31T23:58:04Z",
              document=doc(DOC_IDS[0], "Employment contract – Jane Doe.pdf",
                           "sent", "HR-2025-0412"),
              signer=signer(SIGNER_IDS[0], "jane.doe@example.com", "Jane Doe"),
              client_id=CLIENT_ID)),
        headers=std_headers("krebit", body, client_id=CLIENT_ID,
                            user_agent=UA["krebit"]))

    # signing.document.completed — time in "createdAt", download URL, extras.
    body_obj = {
        "id": "evt_kr_01JGX4B7K9P3R6S2V8Y5Z1A4C7",
        "type": "signing.document.completed",
        "createdAt": "2025-12-31T23:59:41.512Z",
        "data": {
            "document": {
                "id": DOC_IDS[1],
                "name": "Master services agreement.pdf",
                "status": "completed",
                "externalId": "CRM-88213",
                "completedAt": "2025-12-31T23:59:40Z",
                "pageCount": 12,
            },
            "signer": {
                "id": SIGNER_IDS[1],
                "email": "olof.berg@example.se",
                "name": "Olof Berg",
                "signedAt": "2025-12-31T23:59:39Z",
                "signatureType": "bankid",
            },
            "downloadUrl": "https://files.krebit.example/d/" + DOC_IDS[1]
                           + "/signed.pdf?expires=1767229200&sig=Zm9vYmFy",
            "attachments": [],
        },
        "webhookVersion": "2024-06-01",
    }
    body = compact(body_obj)
    add(F, "krebit-signing-document-completed",
        "A signing.document.completed event maps to document.completed with "
        "the time from createdAt, document/signer fields, the download URL, "
        "and unknown extra fields kept only in the payload.",
        "krebit", body,
        ok(ev("krebit", "signing.document.completed",
              id="evt_kr_01JGX4B7K9P3R6S2V8Y5Z1A4C7",
              occurred_at="2025-12-31T23:59:41.512Z",
              document=doc(DOC_IDS[1], "Master services agreement.pdf",
                           "completed", "CRM-88213", "2025-12-31T23:59:40Z"),
              signer=signer(SIGNER_IDS[1], "olof.berg@example.se", "Olof Berg",
                            "2025-12-31T23:59:39Z", "bankid"),
              download_url=body_obj["data"]["downloadUrl"],
              client_id=CLIENT_ID)),
        headers=std_headers("krebit", body, client_id=CLIENT_ID))

    # signing.cancelled — time in "created_at", a reason.
    body_obj = {
        "id": "evt_kr_01JGX5C2D4E6F8G0H2J4K6M8N0",
        "type": "signing.cancelled",
        "created_at": "2025-12-31T23:50:00Z",
        "data": {
            "document": {
                "id": DOC_IDS[2],
                "name": "Lease agreement.pdf",
                "status": "cancelled",
            },
            "reason": "Sender cancelled: wrong rent amount",
        },
    }
    body = compact(body_obj)
    add(F, "krebit-signing-cancelled",
        "A signing.cancelled event maps to document.cancelled with the time "
        "from created_at, the reason, and no signer.",
        "krebit", body,
        ok(ev("krebit", "signing.cancelled", id="evt_kr_01JGX5C2D4E6F8G0H2J4K6M8N0",
              occurred_at="2025-12-31T23:50:00Z",
              document=doc(DOC_IDS[2], "Lease agreement.pdf", "cancelled"),
              reason="Sender cancelled: wrong rent amount")))

    # unknown type — time in "created".
    body_obj = {
        "id": "evt_kr_01JGX6Q0R2S4T6U8V0W2X4Y6Z8",
        "type": "signing.reminder.sent",
        "created": "2025-12-31T22:00:00Z",
        "data": {"document": {"id": DOC_IDS[3], "name": "NDA.pdf"}},
    }
    body = compact(body_obj)
    add(F, "krebit-unknown-type",
        "An undocumented krebit type parses with kind unknown and the type "
        "verbatim; the time comes from created.",
        "krebit", body,
        ok(ev("krebit", "signing.reminder.sent", id="evt_kr_01JGX6Q0R2S4T6U8V0W2X4Y6Z8",
              occurred_at="2025-12-31T22:00:00Z",
              document=doc(DOC_IDS[3], "NDA.pdf"))))

    # type from "event" fallback.
    body_obj = {
        "id": "evt_kr_01JGX7A1B3C5D7E9F1G3H5J7K9",
        "event": "signing.sent",
        "timestamp": "2025-12-31T23:40:00Z",
        "data": {"document": {"id": DOC_IDS[4]}},
    }
    body = compact(body_obj)
    add(F, "krebit-type-from-event-field",
        "Without a type field the krebit type is read from event.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", id="evt_kr_01JGX7A1B3C5D7E9F1G3H5J7K9",
              occurred_at="2025-12-31T23:40:00Z", document=doc(DOC_IDS[4]))))

    body_obj = {
        "id": "evt_kr_01JGX8M3N5P7Q9R1S3T5U7V9W1",
        "type": 3,
        "event": "signing.cancelled",
        "timestamp": "2025-12-31T23:41:00Z",
    }
    body = compact(body_obj)
    add(F, "krebit-type-not-string-falls-back-to-event",
        "A krebit type that is not a string is skipped and event is used "
        "instead; no data means document and signer are null.",
        "krebit", body,
        ok(ev("krebit", "signing.cancelled", id="evt_kr_01JGX8M3N5P7Q9R1S3T5U7V9W1",
              occurred_at="2025-12-31T23:41:00Z")))

    # derived id when no id.
    body_obj = {
        "type": "signing.document.completed",
        "timestamp": "2025-12-31T23:59:00Z",
        "data": {
            "document": {"id": DOC_IDS[5], "status": "completed"},
            "signer": {"id": SIGNER_IDS[2], "email": "ops@example.org"},
        },
    }
    body = compact(body_obj)
    add(F, "krebit-derived-id-without-id",
        "A krebit body without id gets a derived id from provider, type, "
        "time, document id and signer id.",
        "krebit", body,
        ok(ev("krebit", "signing.document.completed",
              occurred_at="2025-12-31T23:59:00Z",
              document=doc(DOC_IDS[5], status="completed"),
              signer=signer(SIGNER_IDS[2], "ops@example.org"))))

    body_obj = {
        "id": 48213,
        "type": "signing.sent",
        "timestamp": 1767225500,
        "data": {
            "document": {"id": 90017, "name": "Offer letter.pdf"},
            "signer": {"id": 311, "email": "kim@example.com"},
        },
    }
    body = compact(body_obj)
    add(F, "krebit-integer-id-and-timestamp",
        "Integer id, document id and signer id become decimal strings and an "
        "integer timestamp becomes an ISO UTC time.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", id="48213",
              occurred_at=iso(1767225500),
              document=doc("90017", "Offer letter.pdf"),
              signer=signer("311", "kim@example.com"))))

    body_obj = {
        "id": "evt_kr_01JGX9W5X7Y9Z1A3B5C7D9E1F3",
        "type": "signing.document.completed",
        "timestamp": "2025-12-31T23:59:58Z",
        "data": {
            "document": {
                "id": DOC_IDS[6],
                "name": "Purchase order 4410.pdf",
                "status": "completed",
                "external_id": "PO-4410",
                "completed_at": "2025-12-31T23:59:57Z",
            },
            "signer": {
                "id": SIGNER_IDS[3],
                "email": "anna@example.fi",
                "name": "Anna Virtanen",
                "signed_at": "2025-12-31T23:59:50Z",
                "signature_type": "drawn",
            },
            "download_url": "https://files.krebit.example/d/" + DOC_IDS[6] + "/signed.pdf",
        },
    }
    body = compact(body_obj)
    add(F, "krebit-snake-case-aliases",
        "The snake_case aliases external_id, completed_at, signed_at, "
        "signature_type and download_url are read like their camelCase keys.",
        "krebit", body,
        ok(ev("krebit", "signing.document.completed",
              id="evt_kr_01JGX9W5X7Y9Z1A3B5C7D9E1F3",
              occurred_at="2025-12-31T23:59:58Z",
              document=doc(DOC_IDS[6], "Purchase order 4410.pdf", "completed",
                           "PO-4410", "2025-12-31T23:59:57Z"),
              signer=signer(SIGNER_IDS[3], "anna@example.fi", "Anna Virtanen",
                            "2025-12-31T23:59:50Z", "drawn"),
              download_url="https://files.krebit.example/d/" + DOC_IDS[6] + "/signed.pdf")))

    body_obj = {
        "id": "evt_kr_01JGXA0B2C4D6E8F0G2H4J6K8M",
        "type": "signing.sent",
        "timestamp": "2025-12-31T23:30:00Z",
        "data": [{"document": {"id": DOC_IDS[7]}}],
    }
    body = compact(body_obj)
    add(F, "krebit-data-array",
        "A data field that is an array is treated as absent: document, "
        "signer, reason and download_url are null, the event still parses.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", id="evt_kr_01JGXA0B2C4D6E8F0G2H4J6K8M",
              occurred_at="2025-12-31T23:30:00Z")))

    # Client id handling.
    body_obj = {
        "id": "evt_kr_01JGXB1C3D5E7F9G1H3J5K7M9N",
        "type": "signing.sent",
        "timestamp": "2025-12-31T23:59:10Z",
        "data": {"document": {"id": DOC_IDS[8], "name": "Consent form.pdf"}},
    }
    body = compact(body_obj)
    expected_sent = dict(id="evt_kr_01JGXB1C3D5E7F9G1H3J5K7M9N",
                         occurred_at="2025-12-31T23:59:10Z",
                         document=doc(DOC_IDS[8], "Consent form.pdf"))
    add(F, "krebit-client-id-option-matches",
        "With the client_id option set, a matching X-Client-Id header passes "
        "and is reported.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", client_id=CLIENT_ID, **expected_sent)),
        options={"client_id": CLIENT_ID},
        headers=std_headers("krebit", body, client_id=CLIENT_ID))
    add(F, "krebit-client-id-header-trimmed-and-case-insensitive",
        "The X-Client-Id header name is matched case-insensitively and its "
        "value is trimmed before comparing and reporting.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", client_id=CLIENT_ID, **expected_sent)),
        options={"client_id": CLIENT_ID},
        headers=[["x-signature", hmac_hex(SECRET["krebit"], body)],
                 ["x-client-id", "  " + CLIENT_ID + "\t"]])
    add(F, "krebit-client-id-repeated-values-must-agree",
        "When X-Client-Id is repeated with different values, no client id can "
        "be trusted: CLIENT_ID_MISMATCH, whichever value comes first.",
        "krebit", body, err("CLIENT_ID_MISMATCH"),
        options={"client_id": CLIENT_ID},
        headers=[["X-Signature", hmac_hex(SECRET["krebit"], body)],
                 ["X-Client-Id", CLIENT_ID],
                 ["X-Client-Id", "client_other"]])
    add(F, "krebit-client-id-repeated-same-value",
        "A repeated X-Client-Id with the same value, or the values joined with "
        "a comma as a proxy or a Web Headers does, is one client id.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", client_id=CLIENT_ID, **expected_sent)),
        options={"client_id": CLIENT_ID},
        headers=[["X-Signature", hmac_hex(SECRET["krebit"], body)],
                 ["X-Client-Id", CLIENT_ID],
                 ["X-Client-Id", f" {CLIENT_ID}, {CLIENT_ID}"]])
    add(F, "krebit-client-id-second-header-value-differs",
        "When X-Client-Id is repeated and only the second value matches the "
        "option, the check fails: the values disagree.",
        "krebit", body, err("CLIENT_ID_MISMATCH"),
        options={"client_id": CLIENT_ID},
        headers=[["X-Signature", hmac_hex(SECRET["krebit"], body)],
                 ["X-Client-Id", "client_other"],
                 ["X-Client-Id", CLIENT_ID]])
    add(F, "krebit-client-id-header-absent",
        "With the client_id option set, a request without X-Client-Id fails "
        "with CLIENT_ID_MISMATCH although the signature is valid.",
        "krebit", body, err("CLIENT_ID_MISMATCH"),
        options={"client_id": CLIENT_ID},
        headers=std_headers("krebit", body))
    add(F, "krebit-client-id-header-different",
        "With the client_id option set, a different X-Client-Id fails with "
        "CLIENT_ID_MISMATCH.",
        "krebit", body, err("CLIENT_ID_MISMATCH"),
        options={"client_id": CLIENT_ID},
        headers=std_headers("krebit", body, client_id="client_8d41f1"))
    add(F, "krebit-client-id-compare-is-case-sensitive",
        "The client id comparison is exact: a value differing only in case "
        "fails with CLIENT_ID_MISMATCH.",
        "krebit", body, err("CLIENT_ID_MISMATCH"),
        options={"client_id": CLIENT_ID},
        headers=std_headers("krebit", body, client_id=CLIENT_ID.upper()))
    add(F, "krebit-client-id-header-empty-with-option",
        "With the client_id option set, an empty X-Client-Id fails with "
        "CLIENT_ID_MISMATCH.",
        "krebit", body, err("CLIENT_ID_MISMATCH"),
        options={"client_id": CLIENT_ID},
        headers=std_headers("krebit", body, client_id="   "))
    add(F, "krebit-client-id-header-empty-without-option",
        "Without the option an empty or whitespace X-Client-Id is reported as "
        "a null client_id.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", client_id=None, **expected_sent)),
        headers=std_headers("krebit", body, client_id=" "))
    add(F, "krebit-client-id-absent-without-option",
        "Without the option and without the header client_id is null.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", client_id=None, **expected_sent)))


# --------------------------------------------------------------------------
# sajn.json


def sajn_body(event, timestamp, document_id, document_name, external_id,
              signer_id, signer_email, signer_name, signed_at, signature_type,
              reason=None, org=ORG_ID):
    data = {
        "documentId": document_id,
        "documentName": document_name,
        "externalId": external_id,
        "signerId": signer_id,
        "signerEmail": signer_email,
        "signerName": signer_name,
        "signedAt": signed_at,
        "signatureType": signature_type,
    }
    if reason is not None:
        data["reason"] = reason
    return {"event": event, "timestamp": timestamp, "organizationId": org,
            "data": data}


def sajn_expect(b):
    d = b.get("data", {})
    return ev("sajn", b["event"], occurred_at=b.get("timestamp"),
              organization_id=b.get("organizationId"),
              document=doc(d.get("documentId"), d.get("documentName"), None,
                           d.get("externalId"), None),
              signer=signer(d.get("signerId"), d.get("signerEmail"),
                            d.get("signerName"), d.get("signedAt"),
                            d.get("signatureType")),
              reason=d.get("reason"))


def sajn_cases():
    F = "sajn.json"
    rows = [
        ("DOCUMENT_CREATED", "2025-12-31T23:40:12.004Z", None, None, None, None, None, None,
         "A DOCUMENT_CREATED event maps to document.created; null signer fields give a null signer."),
        ("DOCUMENT_SENT", "2025-12-31T23:41:00.000Z", SIGNER_IDS[0], "erik.lindqvist@example.se",
         "Erik Lindqvist", None, None, None,
         "A DOCUMENT_SENT event maps to document.sent with organization id, document and signer."),
        ("DOCUMENT_OPENED", "2025-12-31T23:52:33.871Z", SIGNER_IDS[0], "erik.lindqvist@example.se",
         "Erik Lindqvist", None, None, None,
         "A DOCUMENT_OPENED event maps to document.viewed."),
        ("DOCUMENT_SIGNED", "2025-12-31T23:58:02.190Z", SIGNER_IDS[0], "erik.lindqvist@example.se",
         "Erik Lindqvist", "2025-12-31T23:58:01.950Z", "BANKID", None,
         "A DOCUMENT_SIGNED event maps to document.signed with signedAt and signatureType."),
        ("DOCUMENT_COMPLETED", "2025-12-31T23:59:30.500Z", SIGNER_IDS[1], "maria.nilsson@example.se",
         "Maria Nilsson", "2025-12-31T23:59:29.700Z", "BANKID", None,
         "A DOCUMENT_COMPLETED event maps to document.completed; sajn never sets status, completed_at or download_url."),
        ("DOCUMENT_REJECTED", "2025-12-31T23:45:10.000Z", SIGNER_IDS[1], "maria.nilsson@example.se",
         "Maria Nilsson", None, None, "Fel belopp i avtalet, skicka ett nytt.",
         "A DOCUMENT_REJECTED event maps to document.declined with data.reason as reason."),
        ("DOCUMENT_REMINDER_SENT", "2025-12-31T20:00:00.000Z", SIGNER_IDS[0], "erik.lindqvist@example.se",
         "Erik Lindqvist", None, None, None,
         "An undocumented sajn event parses with kind unknown and the type verbatim."),
    ]
    for (event, ts, sid, semail, sname, signed_at, stype, reason, desc) in rows:
        b = sajn_body(event, ts, DOC_IDS[2], "Hyresavtal Storgatan 12.pdf", "LEASE-2025-118",
                      sid, semail, sname, signed_at, stype, reason)
        body = compact(b)
        name = "sajn-" + event.lower().replace("_", "-")
        if event == "DOCUMENT_REMINDER_SENT":
            name = "sajn-unknown-type"
        add(F, name, desc, "sajn", body, ok(sajn_expect(b)),
            headers=std_headers("sajn", body, user_agent=UA["sajn"]))

    # Derived-id stability across header spelling.
    b = sajn_body("DOCUMENT_SIGNED", "2025-12-31T23:57:00.000Z", DOC_IDS[3], "Avtal.pdf", None,
                  SIGNER_IDS[2], "lars@example.se", "Lars Ek", "2025-12-31T23:56:59.000Z", "BANKID")
    body = compact(b)
    sig = hmac_hex(SECRET["sajn"], body)
    add(F, "sajn-derived-id-stable-lowercase-header",
        "Redelivery check, part 1: this body with a lower-case header name and "
        "hex gives the same derived id as the next case.",
        "sajn", body, ok(sajn_expect(b)),
        headers=[["x-sajn-signature", sig], ["content-type", "application/json"]])
    add(F, "sajn-derived-id-stable-uppercase-header",
        "Redelivery check, part 2: the identical body with an upper-case header "
        "name and hex gives the same derived id as the previous case.",
        "sajn", body, ok(sajn_expect(b)),
        headers=[["X-SAJN-SIGNATURE", sig.upper()], ["CONTENT-TYPE", "application/json"]])

    b = sajn_body("DOCUMENT_SENT", "2025-12-31T23:10:00.000Z", DOC_IDS[4], "Offert 2026.pdf", None,
                  SIGNER_IDS[3], "sofia@example.se", "Sofia Holm", None, None)
    b = {"id": "evt_sajn_not_an_event_id", **b}
    body = compact(b)
    add(F, "sajn-id-always-derived",
        "An id field in a sajn body is ignored: the sajn id is always derived.",
        "sajn", body,
        ok(ev("sajn", "DOCUMENT_SENT", occurred_at="2025-12-31T23:10:00.000Z",
              organization_id=ORG_ID, document=doc(DOC_IDS[4], "Offert 2026.pdf"),
              signer=signer(SIGNER_IDS[3], "sofia@example.se", "Sofia Holm"))))

    b = {"event": "DOCUMENT_SIGNED", "timestamp": 1767225540, "organizationId": 4711,
         "data": {"documentId": 1001, "documentName": "Faktura 1001.pdf", "externalId": 77,
                  "signerId": 42, "signerEmail": "a@example.se", "signerName": "Ada",
                  "signedAt": 1767225539, "signatureType": "BANKID"}}
    body = compact(b)
    add(F, "sajn-integer-fields",
        "Integer organizationId, ids and externalId become decimal strings; an "
        "integer timestamp becomes ISO UTC while an integer signedAt stays its "
        "decimal text (only occurred_at is converted to a date).",
        "sajn", body,
        ok(ev("sajn", "DOCUMENT_SIGNED", occurred_at=iso(1767225540),
              organization_id="4711",
              document=doc("1001", "Faktura 1001.pdf", None, "77"),
              signer=signer("42", "a@example.se", "Ada", "1767225539", "BANKID"))))

    b = sajn_body("DOCUMENT_SIGNED", "2025-12-31T23:58:30.000Z", DOC_IDS[5],
                  "Köpeavtal – Ørestad 🏠.pdf", "ÅÄÖ-åäö-7",
                  SIGNER_IDS[4], "björn.öberg@exempel.se", "Björn Öberg 李雷 👩‍💼",
                  "2025-12-31T23:58:29.000Z", "BANKID")
    body = compact(b)
    add(F, "sajn-unicode-fields",
        "Raw UTF-8 names with accents, CJK and emoji (including a ZWJ "
        "sequence) are kept exactly, and are part of the signed bytes.",
        "sajn", body, ok(sajn_expect(b)))

    body = ('{"event":"DOCUMENT_SIGNED","timestamp":"2025-12-31T23:58:40.000Z",'
            '"organizationId":"' + ORG_ID + '","data":{"documentId":"' + DOC_IDS[6] + '",'
            '"documentName":"Caf\\u00e9 \\"Le Petit\\" \\\\ lease\\/2026 \\ud83d\\ude00.pdf",'
            '"externalId":"tab\\there","signerId":"' + SIGNER_IDS[0] + '",'
            '"signerEmail":"ren\\u00e9@example.fr","signerName":"Ren\\u00E9 Dupr\\u00e9",'
            '"signedAt":"2025-12-31T23:58:39.000Z","signatureType":"SIMPLE"}}')
    add(F, "sajn-escaped-strings",
        "JSON escapes (\\u00e9, \\u00E9, \\\", \\\\, \\/, \\t and a surrogate "
        "pair) are decoded in the event fields while the signature covers the "
        "escaped bytes.",
        "sajn", body,
        ok(ev("sajn", "DOCUMENT_SIGNED", occurred_at="2025-12-31T23:58:40.000Z",
              organization_id=ORG_ID,
              document=doc(DOC_IDS[6], 'Café "Le Petit" \\ lease/2026 \U0001F600.pdf',
                           None, "tab\there"),
              signer=signer(SIGNER_IDS[0], "rené@example.fr", "René Dupré",
                            "2025-12-31T23:58:39.000Z", "SIMPLE"))))

    b = {"event": "DOCUMENT_SENT", "timestamp": "2025-12-31T23:20:00.000Z",
         "organizationId": ORG_ID, "data": ["documentId", DOC_IDS[7]]}
    body = compact(b)
    add(F, "sajn-data-array",
        "A sajn data field that is an array gives a null document, signer and "
        "reason; the event still parses.",
        "sajn", body,
        ok(ev("sajn", "DOCUMENT_SENT", occurred_at="2025-12-31T23:20:00.000Z",
              organization_id=ORG_ID)))

    b = {"event": "DOCUMENT_OPENED", "timestamp": "2025-12-31T23:21:00.000Z",
         "organizationId": True,
         "data": {"documentId": DOC_IDS[8], "documentName": 12.5, "externalId": [],
                  "signerId": {"id": SIGNER_IDS[1]}, "signerEmail": False,
                  "signerName": None, "signedAt": 1.5, "signatureType": ["BANKID"],
                  "reason": {"text": "n/a"}}}
    body = compact(b)
    add(F, "sajn-wrong-field-types",
        "Fields of the wrong JSON type (float, bool, null, array, object) "
        "become null; an all-null signer becomes a null signer.",
        "sajn", body,
        ok(ev("sajn", "DOCUMENT_OPENED", occurred_at="2025-12-31T23:21:00.000Z",
              document=doc(DOC_IDS[8]))))

    body = '{"event":"DOCUMENT_SENT"}'
    add(F, "sajn-minimal-body",
        "A body with only event parses: occurred_at, organization_id, "
        "document and signer are null and the id is derived from the type.",
        "sajn", body, ok(ev("sajn", "DOCUMENT_SENT")))

    b = sajn_body("document_signed", "2025-12-31T23:58:00.000Z", DOC_IDS[0], "Avtal.pdf", None,
                  SIGNER_IDS[0], "e@example.se", "E", None, None)
    body = compact(b)
    add(F, "sajn-type-match-is-case-sensitive",
        "The kind table is matched case-sensitively: document_signed is kind "
        "unknown, type kept verbatim.",
        "sajn", body, ok(sajn_expect(b)))

    nested = "[" * 100 + "]" * 100
    b = sajn_body("DOCUMENT_CREATED", "2025-12-31T23:00:00.000Z", DOC_IDS[1], "Djup.pdf", None,
                  None, None, None, None, None)
    body = compact(b)[:-1] + ',"debug":' + nested + "}"
    add(F, "sajn-100-levels-nesting-in-unknown-field",
        "An unknown field nested 100 levels deep (within the 128-level limit) "
        "parses and is kept in the payload.",
        "sajn", body, ok(sajn_expect(b)))

    b = sajn_body("DOCUMENT_COMPLETED", "2025-12-31T23:59:59.000Z", DOC_IDS[2], "Avtal.pdf",
                  None, SIGNER_IDS[1], "m@example.se", "M", "2025-12-31T23:59:58.000Z", "BANKID")
    body = pretty(b) + "\n"
    add(F, "sajn-pretty-printed-body-signed-as-sent",
        "A pretty-printed body with a trailing newline verifies when the "
        "signature was computed over exactly those bytes.",
        "sajn", body, ok(sajn_expect(b)))


# --------------------------------------------------------------------------
# propper.json


def propper_body(evt_id, type_, created, document, signer_=None, reason=None,
                 download_url=None, extra=None):
    data = {"document": document}
    if signer_ is not None:
        data["signer"] = signer_
    if reason is not None:
        data["reason"] = reason
    if download_url is not None:
        data["downloadUrl"] = download_url
    b = {}
    if evt_id is not None:
        b["id"] = evt_id
    b["type"] = type_
    b["created"] = created
    b["data"] = data
    if extra:
        b.update(extra)
    return b


def propper_cases():
    F = "propper.json"
    D = DOC_IDS[3]
    DNAME = "Consulting agreement – Acme AB.pdf"
    S = {"id": SIGNER_IDS[2], "email": "p.svensson@acme.example", "name": "Per Svensson"}
    url = "https://app.propper.example/api/v1/documents/" + D + "/download?token=dl_5JXk2mQ9"
    rows = [
        ("evt_01JGXC5N8Q2R4T6V8X0Z2B4D6F", "document.created", "2025-12-31T23:30:00Z",
         {"id": D, "name": DNAME, "status": "draft"}, None, None, None,
         "A document.created event maps to document.created with the evt_ id and no signer."),
        ("evt_01JGXC6P9R3S5U7W9Y1A3C5E7G", "document.sent", "2025-12-31T23:31:10Z",
         {"id": D, "name": DNAME, "status": "sent"}, dict(S), None, None,
         "A document.sent event maps to document.sent with document and signer."),
        ("evt_01JGXC7Q0S4T6V8X0Z2B4D6F8H", "document.viewed", "2025-12-31T23:44:52Z",
         {"id": D, "name": DNAME, "status": "sent"}, dict(S), None, None,
         "A document.viewed event maps to document.viewed."),
        ("evt_01JGXC8R1T5U7W9Y1A3C5E7G9J", "document.signed", "2025-12-31T23:47:03Z",
         {"id": D, "name": DNAME, "status": "partially_signed"},
         dict(S, signedAt="2025-12-31T23:47:01Z"), None, None,
         "A document.signed event maps to document.signed with the signer's signedAt."),
        ("evt_01JGXC9S2U6V8X0Z2B4D6F8H0K", "document.completed", "2025-12-31T23:59:12Z",
         {"id": D, "name": DNAME, "status": "completed", "completedAt": "2025-12-31T23:59:11Z"},
         dict(S, signedAt="2025-12-31T23:59:10Z"), None, url,
         "A document.completed event maps to document.completed with completedAt and the download URL."),
        ("evt_01JGXCA3T7W9Y1A3C5E7G9J1M", "document.declined", "2025-12-31T23:48:30Z",
         {"id": D, "name": DNAME, "status": "declined"}, dict(S),
         "The liability cap in §7 is not what we agreed.", None,
         "A document.declined event maps to document.declined with the reason."),
        ("evt_01JGXCB4U8X0Z2B4D6F8H0K2N", "document.voided", "2025-12-31T23:49:00Z",
         {"id": D, "name": DNAME, "status": "voided"}, None, "Replaced by v2", None,
         "A document.voided event maps to document.cancelled."),
        ("evt_01JGXCC5V9Y1A3C5E7G9J1M3P", "document.expired", "2025-12-31T23:00:00Z",
         {"id": D, "name": DNAME, "status": "expired"}, None, None, None,
         "A document.expired event maps to document.expired."),
        ("evt_01JGXCD6W0Z2B4D6F8H0K2N4Q", "document.reminder_sent", "2025-12-31T22:00:00Z",
         {"id": D, "name": DNAME, "status": "sent"}, dict(S), None, None,
         "An undocumented propper type parses with kind unknown and the type verbatim."),
    ]
    for (eid, t, created, d, s, reason, dl, desc) in rows:
        b = propper_body(eid, t, created, d, s, reason, dl,
                         extra={"livemode": False, "apiVersion": "2025-09-01"})
        body = compact(b)
        name = "propper-" + t.replace(".", "-").replace("_", "-")
        if t == "document.reminder_sent":
            name = "propper-unknown-type"
        add(F, name, desc, "propper", body,
            ok(ev("propper", t, id=eid, occurred_at=created,
                  document=doc(d.get("id"), d.get("name"), d.get("status"), None,
                               d.get("completedAt")),
                  signer=None if s is None else signer(s.get("id"), s.get("email"),
                                                       s.get("name"), s.get("signedAt")),
                  reason=reason, download_url=dl)),
            headers=std_headers("propper", body, user_agent=UA["propper"]))

    b = propper_body("evt_01JGXCE7X1A3C5E7G9J1M3P5R", "document.signed", 1767225480,
                     {"id": DOC_IDS[4], "name": "SOW.pdf", "status": "partially_signed"},
                     {"id": SIGNER_IDS[3], "email": "x@example.com", "name": "X",
                      "signedAt": 1767225479})
    body = compact(b)
    add(F, "propper-integer-created",
        "An integer created becomes an ISO UTC time ending in Z; an integer "
        "signedAt stays its decimal text.",
        "propper", body,
        ok(ev("propper", "document.signed", id="evt_01JGXCE7X1A3C5E7G9J1M3P5R",
              occurred_at="2025-12-31T23:58:00Z",
              document=doc(DOC_IDS[4], "SOW.pdf", "partially_signed"),
              signer=signer(SIGNER_IDS[3], "x@example.com", "X", "1767225479"))))

    b = propper_body(None, "document.completed", "2025-12-31T23:59:00Z",
                     {"id": DOC_IDS[5], "name": "Order.pdf", "status": "completed",
                      "completedAt": "2025-12-31T23:58:59Z"},
                     {"id": SIGNER_IDS[4], "email": "y@example.com", "name": "Y"})
    body = compact(b)
    add(F, "propper-derived-id-without-id",
        "A propper body without id gets a derived id.",
        "propper", body,
        ok(ev("propper", "document.completed", occurred_at="2025-12-31T23:59:00Z",
              document=doc(DOC_IDS[5], "Order.pdf", "completed", None, "2025-12-31T23:58:59Z"),
              signer=signer(SIGNER_IDS[4], "y@example.com", "Y"))))

    b = propper_body(None, "document.sent", "2025-12-31T23:59:01Z",
                     {"id": DOC_IDS[5], "name": "Order.pdf", "status": "sent"})
    b = {"id": None, **b}
    body = compact(b)
    add(F, "propper-null-id-derived",
        "A null propper id is treated as absent and the id is derived.",
        "propper", body,
        ok(ev("propper", "document.sent", occurred_at="2025-12-31T23:59:01Z",
              document=doc(DOC_IDS[5], "Order.pdf", "sent"))))

    b = propper_body(912345, "document.viewed", "2025-12-31T23:59:02Z",
                     {"id": 5521, "name": "Quote.pdf", "status": "sent"})
    body = compact(b)
    add(F, "propper-integer-ids",
        "Integer event and document ids become decimal strings with id_source "
        "provider.",
        "propper", body,
        ok(ev("propper", "document.viewed", id="912345",
              occurred_at="2025-12-31T23:59:02Z",
              document=doc("5521", "Quote.pdf", "sent"))))

    b = {"id": "evt_01JGXCF8Y2B4D6F8H0K2N4Q6S", "type": "document.completed",
         "created": "2025-12-31T23:59:20Z",
         "data": {"document": {"id": DOC_IDS[6], "name": "Deed.pdf", "status": "completed",
                               "external_id": "DEED-9", "completed_at": "2025-12-31T23:59:19Z"},
                  "signer": {"id": SIGNER_IDS[0], "email": "z@example.com", "name": "Z",
                             "signed_at": "2025-12-31T23:59:18Z",
                             "signature_type": "typed"},
                  "download_url": "https://app.propper.example/d/deed.pdf"}}
    body = compact(b)
    add(F, "propper-snake-case-aliases",
        "The aliases external_id, completed_at, signed_at, signature_type and "
        "download_url are read like their camelCase keys.",
        "propper", body,
        ok(ev("propper", "document.completed", id="evt_01JGXCF8Y2B4D6F8H0K2N4Q6S",
              occurred_at="2025-12-31T23:59:20Z",
              document=doc(DOC_IDS[6], "Deed.pdf", "completed", "DEED-9",
                           "2025-12-31T23:59:19Z"),
              signer=signer(SIGNER_IDS[0], "z@example.com", "Z", "2025-12-31T23:59:18Z",
                            "typed"),
              download_url="https://app.propper.example/d/deed.pdf")))

    b = {"id": "evt_01JGXCG9Z3C5E7G9J1M3P5R7T", "type": "document.sent",
         "created": "2025-12-31T23:59:30Z",
         "data": {"document": {"id": None, "name": 3.5, "status": False,
                               "externalId": ["x"], "completedAt": {"at": 1}},
                  "signer": "p.svensson@acme.example",
                  "reason": 17, "downloadUrl": None}}
    body = compact(b)
    add(F, "propper-wrong-types-give-nulls",
        "A document whose fields all have unusable types becomes null, a "
        "string signer is treated as absent, an integer reason becomes its "
        "decimal text.",
        "propper", body,
        ok(ev("propper", "document.sent", id="evt_01JGXCG9Z3C5E7G9J1M3P5R7T",
              occurred_at="2025-12-31T23:59:30Z", reason="17")))

    b = {"id": "evt_01JGXCH0A4D6F8H0K2N4Q6S8U", "type": "document.sent",
         "created": "2025-12-31T23:59:31Z", "data": "not-an-object"}
    body = compact(b)
    add(F, "propper-data-not-object",
        "A data field that is a string is treated as absent; the event still "
        "parses with null document and signer.",
        "propper", body,
        ok(ev("propper", "document.sent", id="evt_01JGXCH0A4D6F8H0K2N4Q6S8U",
              occurred_at="2025-12-31T23:59:31Z")))

    b = {"id": "evt_01JGXCJ1B5E7G9J1M3P5R7T9V", "type": "Document.Signed",
         "created": "2025-12-31T23:59:32Z",
         "data": {"document": {"id": DOC_IDS[7]}}}
    body = compact(b)
    add(F, "propper-type-match-is-case-sensitive",
        "Document.Signed is not document.signed: kind unknown, type verbatim.",
        "propper", body,
        ok(ev("propper", "Document.Signed", id="evt_01JGXCJ1B5E7G9J1M3P5R7T9V",
              occurred_at="2025-12-31T23:59:32Z", document=doc(DOC_IDS[7]))))

    b = {"id": "evt_01JGXCK2C6F8H0K2N4Q6S8U0W", "type": "document.declined",
         "created": "2025-12-31T23:59:33Z"}
    body = compact(b)
    add(F, "propper-no-data",
        "A propper body without data parses with null document, signer, "
        "reason and download_url.",
        "propper", body,
        ok(ev("propper", "document.declined", id="evt_01JGXCK2C6F8H0K2N4Q6S8U0W",
              occurred_at="2025-12-31T23:59:33Z")))

    b = {"id": "evt_01JGXCM3D7G9J1M3P5R7T9V1X", "type": "document.signed",
         "created": "2025-12-31T23:59:34Z",
         "data": {"document": {"id": DOC_IDS[8], "name": "Loan.pdf", "status": "partially_signed",
                               "metadata": {"crmId": "0061t00000AbCdE", "tags": ["loan", "q1"]}},
                  "signer": {"id": SIGNER_IDS[1], "email": "q@example.com", "name": "Q",
                             "signedAt": "2025-12-31T23:59:33Z", "ipAddress": "203.0.113.7",
                             "role": "borrower"},
                  "auditTrail": [{"action": "signed", "at": "2025-12-31T23:59:33Z"}]},
         "account": {"id": "acct_77", "plan": "business"}, "livemode": True}
    body = compact(b)
    add(F, "propper-unknown-fields-ignored",
        "Unknown fields at every level are ignored by the mapping and kept in "
        "the payload.",
        "propper", body,
        ok(ev("propper", "document.signed", id="evt_01JGXCM3D7G9J1M3P5R7T9V1X",
              occurred_at="2025-12-31T23:59:34Z",
              document=doc(DOC_IDS[8], "Loan.pdf", "partially_signed"),
              signer=signer(SIGNER_IDS[1], "q@example.com", "Q", "2025-12-31T23:59:33Z"))))


# --------------------------------------------------------------------------
# signatures.json


def signatures_cases():
    F = "signatures.json"

    sb = sajn_body("DOCUMENT_SIGNED", "2025-12-31T23:58:02.190Z", DOC_IDS[0], "Avtal.pdf",
                   "EXT-1", SIGNER_IDS[0], "erik@example.se", "Erik", "2025-12-31T23:58:01.950Z",
                   "BANKID")
    S_BODY = compact(sb)
    S_OK = ok(sajn_expect(sb))
    s_sig = hmac_hex(SECRET["sajn"], S_BODY)

    pb = propper_body("evt_01JGXD0E8H0K2N4Q6S8U0W2Y", "document.signed", "2025-12-31T23:59:00Z",
                      {"id": DOC_IDS[1], "name": "Contract.pdf", "status": "partially_signed"},
                      {"id": SIGNER_IDS[1], "email": "p@example.com", "name": "P",
                       "signedAt": "2025-12-31T23:58:59Z"})
    P_BODY = compact(pb)
    P_OK = ok(ev("propper", "document.signed", id="evt_01JGXD0E8H0K2N4Q6S8U0W2Y",
                 occurred_at="2025-12-31T23:59:00Z",
                 document=doc(DOC_IDS[1], "Contract.pdf", "partially_signed"),
                 signer=signer(SIGNER_IDS[1], "p@example.com", "P", "2025-12-31T23:58:59Z")))
    p_sig = hmac_hex(SECRET["propper"], P_BODY)

    kb = {"id": "evt_kr_01JGXD1F9J1M3P5R7T9V1X3Z", "type": "signing.sent",
          "timestamp": "2025-12-31T23:59:05Z", "data": {"document": {"id": DOC_IDS[2]}}}
    K_BODY = compact(kb)
    K_OK = ok(ev("krebit", "signing.sent", id="evt_kr_01JGXD1F9J1M3P5R7T9V1X3Z",
                 occurred_at="2025-12-31T23:59:05Z", document=doc(DOC_IDS[2])))
    k_sig = hmac_hex(SECRET["krebit"], K_BODY)

    other = hmac_hex("whsec_some_other_secret", S_BODY)  # well-formed, wrong

    # Rotation.
    rot = ["whsec_sajn_2025_old", "whsec_sajn_2026_new"]
    add(F, "rotation-signed-with-second-secret",
        "With two configured secrets, a signature made with the second one "
        "verifies.",
        "sajn", S_BODY, S_OK, secrets=rot,
        headers=[["X-Sajn-Signature", hmac_hex(rot[1], S_BODY)]])
    add(F, "rotation-signed-with-first-secret",
        "With two configured secrets, a signature made with the first one "
        "verifies.",
        "sajn", S_BODY, S_OK, secrets=rot,
        headers=[["X-Sajn-Signature", hmac_hex(rot[0], S_BODY)]])
    add(F, "rotation-signed-with-unconfigured-third-secret",
        "A signature made with a third secret that is not configured fails "
        "with SIGNATURE_MISMATCH.",
        "sajn", S_BODY, err("SIGNATURE_MISMATCH"), secrets=rot,
        headers=[["X-Sajn-Signature", hmac_hex("whsec_sajn_2027_next", S_BODY)]])
    add(F, "rotation-two-candidates-two-secrets",
        "A provider mid-rotation sends one candidate per secret; the one made "
        "with the configured new secret verifies.",
        "propper", P_BODY, P_OK, secrets=["whsec_propper_new"],
        headers=[["X-Propper-Signature",
                  "sha256=" + hmac_hex("whsec_propper_old", P_BODY) + ",sha256="
                  + hmac_hex("whsec_propper_new", P_BODY)]])

    raw_key = bytes([0x00, 0xFF, 0x10, 0x80, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1,
                     0xF0, 0x28, 0x8C, 0xBC, 0xFE, 0xFE, 0x7F, 0x20, 0x0A]) + b"signhook-raw-key"
    add(F, "bytes-secret-non-utf8",
        "A raw bytes secret (invalid UTF-8, given as base64) is used verbatim "
        "as the HMAC key.",
        "sajn", S_BODY, S_OK, secrets=[b64secret(raw_key)],
        headers=[["X-Sajn-Signature", hmac_hex(raw_key, S_BODY)]])
    add(F, "bytes-secret-whitespace-kept",
        "A bytes secret ending in a newline is valid and used verbatim, "
        "newline included.",
        "krebit", K_BODY, K_OK, secrets=[b64secret(b"whsec_krebit_bytes\n")],
        headers=[["X-Signature", hmac_hex(b"whsec_krebit_bytes\n", K_BODY)]])
    add(F, "bytes-secret-and-text-secret-mixed",
        "A text secret and a bytes secret can be configured together; the "
        "bytes one matches.",
        "sajn", S_BODY, S_OK, secrets=["whsec_text_one", b64secret(raw_key)],
        headers=[["X-Sajn-Signature", hmac_hex(raw_key, S_BODY)]])
    add(F, "text-secret-is-utf8",
        "A text secret with non-ASCII characters is used as its UTF-8 bytes.",
        "sajn", S_BODY, S_OK, secrets=["whsec_hemligt_åäö_🔑"],
        headers=[["X-Sajn-Signature", hmac_hex("whsec_hemligt_åäö_🔑", S_BODY)]])

    # Multiple candidates.
    add(F, "candidates-comma-space-joined-good-last",
        "Candidates joined with ', ' by a proxy: the matching one last "
        "verifies.",
        "sajn", S_BODY, S_OK,
        headers=[["X-Sajn-Signature", other + ", " + hmac_hex("whsec_x2", S_BODY) + ", " + s_sig]])
    add(F, "candidates-repeated-header-pairs",
        "The signature header repeated: every value is a candidate, the "
        "matching one in the second header verifies.",
        "propper", P_BODY, P_OK,
        headers=[["X-Propper-Signature", "sha256=" + hmac_hex("whsec_old", P_BODY)],
                 ["Content-Type", "application/json"],
                 ["x-propper-signature", "sha256=" + p_sig]])
    add(F, "candidates-good-among-malformed",
        "Malformed candidates next to a matching one are ignored.",
        "sajn", S_BODY, S_OK,
        headers=[["X-Sajn-Signature", "v1=abc," + s_sig[:63] + "," + s_sig + ",zz"]])
    add(F, "candidates-malformed-and-wrong",
        "A malformed candidate next to a well-formed wrong one gives "
        "SIGNATURE_MISMATCH, not MALFORMED_SIGNATURE.",
        "sajn", S_BODY, err("SIGNATURE_MISMATCH"),
        headers=[["X-Sajn-Signature", "not-hex " + other]])
    eight = [hmac_hex("whsec_decoy_%d" % i, S_BODY) for i in range(7)] + [s_sig]
    add(F, "candidates-eight-allowed",
        "Eight candidates (the maximum) with the matching one last verify.",
        "sajn", S_BODY, S_OK,
        headers=[["X-Sajn-Signature", ",".join(eight)]])
    nine = [hmac_hex("whsec_decoy_%d" % i, S_BODY) for i in range(8)] + [s_sig]
    add(F, "candidates-nine-rejected",
        "Nine candidates exceed the limit of eight: MALFORMED_SIGNATURE even "
        "though one of them matches.",
        "sajn", S_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Sajn-Signature", ",".join(nine)]])
    add(F, "candidates-nine-across-repeated-headers",
        "The limit counts candidates across repeated headers: 5 + 4 = 9 is "
        "MALFORMED_SIGNATURE.",
        "sajn", S_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Sajn-Signature", ", ".join(nine[:5])],
                 ["X-Sajn-Signature", ", ".join(nine[5:])]])
    add(F, "candidates-nine-including-malformed",
        "Malformed pieces count toward the limit: 8 well-formed plus one "
        "malformed is MALFORMED_SIGNATURE.",
        "sajn", S_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Sajn-Signature", "xyz " + " ".join(eight)]])
    add(F, "candidates-whitespace-separated",
        "Candidates separated by spaces and tabs only are split too.",
        "krebit", K_BODY, K_OK,
        headers=[["X-Signature", hmac_hex("whsec_a", K_BODY) + " \t " + k_sig]])
    add(F, "candidates-empty-pieces-dropped",
        "Empty pieces from doubled or trailing commas are dropped, not "
        "counted: 8 real candidates among many commas verify.",
        "sajn", S_BODY, S_OK,
        headers=[["X-Sajn-Signature", ",, " + ",,".join(eight) + ", ,"]])
    add(F, "candidates-empty-value-beside-good-header",
        "An empty repeated header value is ignored when another value holds "
        "the matching signature.",
        "sajn", S_BODY, S_OK,
        headers=[["X-Sajn-Signature", ""], ["X-Sajn-Signature", s_sig]])

    # Hex case, whitespace, prefix and header-name case.
    add(F, "hex-uppercase",
        "An upper-case hex signature verifies.",
        "sajn", S_BODY, S_OK, headers=[["X-Sajn-Signature", s_sig.upper()]])
    add(F, "hex-mixed-case",
        "A mixed-case hex signature verifies.",
        "krebit", K_BODY, K_OK, headers=[["X-Signature", mixed_case(k_sig)]])
    add(F, "whitespace-around-signature",
        "Spaces and tabs around the header value are ignored.",
        "sajn", S_BODY, S_OK, headers=[["X-Sajn-Signature", " \t " + s_sig + "\t  "]])
    add(F, "propper-prefix-uppercase",
        "The propper prefix is matched case-insensitively: SHA256= works.",
        "propper", P_BODY, P_OK,
        headers=[["X-Propper-Signature", "SHA256=" + p_sig.upper()]])
    add(F, "propper-prefix-mixed-case",
        "The propper prefix Sha256= with mixed-case hex works.",
        "propper", P_BODY, P_OK,
        headers=[["X-Propper-Signature", "Sha256=" + mixed_case(p_sig)]])
    add(F, "propper-prefix-whitespace-around",
        "Whitespace around a prefixed propper signature is ignored.",
        "propper", P_BODY, P_OK,
        headers=[["X-Propper-Signature", "\t sha256=" + p_sig + " "]])
    add(F, "header-name-lowercase",
        "The signature header name in lower case matches.",
        "propper", P_BODY, P_OK, headers=[["x-propper-signature", "sha256=" + p_sig]])
    add(F, "header-name-uppercase",
        "The signature header name in upper case matches.",
        "krebit", K_BODY, K_OK, headers=[["X-SIGNATURE", k_sig]])
    add(F, "header-name-mixed-case",
        "The signature header name in odd mixed case matches.",
        "sajn", S_BODY, S_OK, headers=[["x-SaJn-SiGnAtUrE", s_sig]])

    # Malformed.
    add(F, "malformed-propper-prefix-only",
        "A propper value of only the prefix sha256= is malformed.",
        "propper", P_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Propper-Signature", "sha256="]])
    add(F, "malformed-propper-missing-prefix",
        "A propper signature without the sha256= prefix is malformed.",
        "propper", P_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Propper-Signature", p_sig]])
    add(F, "malformed-propper-double-prefix",
        "A propper signature with the prefix twice is malformed.",
        "propper", P_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Propper-Signature", "sha256=sha256=" + p_sig]])
    add(F, "malformed-propper-other-algorithm-prefix",
        "A propper signature with sha1= instead of sha256= is malformed.",
        "propper", P_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Propper-Signature", "sha1=" + p_sig]])
    add(F, "malformed-propper-space-after-prefix",
        "'sha256= <hex>' splits into a bare prefix and an unprefixed hex: "
        "both malformed.",
        "propper", P_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Propper-Signature", "sha256= " + p_sig]])
    add(F, "malformed-sajn-with-prefix",
        "A sajn signature carrying a sha256= prefix is malformed.",
        "sajn", S_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Sajn-Signature", "sha256=" + s_sig]])
    add(F, "malformed-krebit-with-prefix",
        "A krebit signature carrying a sha256= prefix is malformed.",
        "krebit", K_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Signature", "sha256=" + k_sig]])
    add(F, "malformed-non-hex",
        "64 characters that are not all hex are malformed.",
        "sajn", S_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Sajn-Signature", s_sig[:40] + "g" + s_sig[41:]]])
    add(F, "malformed-63-chars",
        "A 63-character hex signature is malformed.",
        "sajn", S_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Sajn-Signature", s_sig[:63]]])
    add(F, "malformed-65-chars",
        "A 65-character hex signature is malformed.",
        "sajn", S_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Sajn-Signature", s_sig + "0"]])
    add(F, "malformed-odd-short-length",
        "A short odd-length hex value is malformed.",
        "krebit", K_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Signature", "abc"]])
    add(F, "malformed-two-hashes-glued",
        "Two signatures glued into 128 hex characters (one of them correct) "
        "are malformed.",
        "sajn", S_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Sajn-Signature", s_sig + other]])
    add(F, "malformed-base64-signature",
        "A base64-encoded HMAC (the right bytes, the wrong encoding) is "
        "malformed.",
        "sajn", S_BODY, err("MALFORMED_SIGNATURE"),
        headers=[["X-Sajn-Signature",
                  base64.b64encode(bytes.fromhex(s_sig)).decode("ascii")]])

    # Missing.
    add(F, "missing-header-absent",
        "No signature header at all: MISSING_SIGNATURE.",
        "sajn", S_BODY, err("MISSING_SIGNATURE"),
        headers=[["Content-Type", "application/json"]])
    add(F, "missing-header-empty",
        "An empty signature header: MISSING_SIGNATURE.",
        "propper", P_BODY, err("MISSING_SIGNATURE"),
        headers=[["X-Propper-Signature", ""]])
    add(F, "missing-header-whitespace",
        "A signature header of only whitespace: MISSING_SIGNATURE.",
        "krebit", K_BODY, err("MISSING_SIGNATURE"),
        headers=[["X-Signature", "  \t "]])
    add(F, "missing-repeated-headers-all-empty",
        "A repeated signature header whose values are all empty or "
        "whitespace: MISSING_SIGNATURE.",
        "sajn", S_BODY, err("MISSING_SIGNATURE"),
        headers=[["X-Sajn-Signature", ""], ["x-sajn-signature", "   "]])
    add(F, "missing-repeated-headers-joined",
        "The same repeated header as a Fetch Headers hands it over, its values joined "
        "into \", \": MISSING_SIGNATURE, the same answer.",
        "sajn", S_BODY, err("MISSING_SIGNATURE"),
        headers=[["X-Sajn-Signature", ", "]])
    add(F, "missing-only-separators",
        "A header of only commas and spaces carries no candidate: MISSING_SIGNATURE, "
        "like an empty one.",
        "sajn", S_BODY, err("MISSING_SIGNATURE"),
        headers=[["X-Sajn-Signature", ", ,"]])
    add(F, "missing-other-provider-header",
        "A propper-style header sent to a sajn webhook is not the sajn "
        "header: MISSING_SIGNATURE.",
        "sajn", S_BODY, err("MISSING_SIGNATURE"),
        headers=[["X-Propper-Signature", "sha256=" + s_sig]])

    # Mismatch.
    tampered = S_BODY.replace('"Erik"', '"Erin"')
    assert tampered != S_BODY and len(tampered) == len(S_BODY)
    add(F, "mismatch-tampered-body",
        "One byte of the body changed after signing: SIGNATURE_MISMATCH.",
        "sajn", tampered, err("SIGNATURE_MISMATCH"),
        headers=[["X-Sajn-Signature", s_sig]])
    add(F, "mismatch-reserialized-body",
        "Signed over compact JSON but delivered pretty-printed (a parsed and "
        "re-serialized body): SIGNATURE_MISMATCH.",
        "propper", pretty(pb), err("SIGNATURE_MISMATCH"),
        headers=[["X-Propper-Signature", "sha256=" + p_sig]])
    add(F, "mismatch-wrong-secret",
        "A well-formed signature made with another secret: SIGNATURE_MISMATCH.",
        "sajn", S_BODY, err("SIGNATURE_MISMATCH"),
        headers=[["X-Sajn-Signature", other]])
    add(F, "mismatch-sender-secret-trailing-newline",
        "The sender signed with the secret plus a trailing newline while the "
        "receiver is configured without it: SIGNATURE_MISMATCH.",
        "krebit", K_BODY, err("SIGNATURE_MISMATCH"),
        headers=[["X-Signature", hmac_hex(SECRET["krebit"] + "\n", K_BODY)]])
    add(F, "mismatch-signature-of-other-provider-secret",
        "A propper signature made with the sajn secret: SIGNATURE_MISMATCH.",
        "propper", P_BODY, err("SIGNATURE_MISMATCH"),
        headers=[["X-Propper-Signature", "sha256=" + hmac_hex(SECRET["sajn"], P_BODY)]])
    add(F, "mismatch-sha256-of-body-not-hmac",
        "A plain SHA-256 of the body (no key) is well-formed but does not "
        "match.",
        "sajn", S_BODY, err("SIGNATURE_MISMATCH"),
        headers=[["X-Sajn-Signature", hashlib.sha256(S_BODY.encode()).hexdigest()]])


# --------------------------------------------------------------------------
# errors.json


def errors_cases():
    F = "errors.json"

    sb = sajn_body("DOCUMENT_SENT", "2025-12-31T23:59:00.000Z", DOC_IDS[0], "Avtal.pdf", None,
                   SIGNER_IDS[0], "e@example.se", "Erik", None, None)
    S_BODY = compact(sb)
    pb = propper_body("evt_01JGXE2G0K2N4Q6S8U0W2Y4A", "document.sent", "2025-12-31T23:59:00Z",
                      {"id": DOC_IDS[1], "name": "Contract.pdf", "status": "sent"})
    P_BODY = compact(pb)
    kb = {"id": "evt_kr_01JGXE3H1M3P5R7T9V1X3Z5B", "type": "signing.sent",
          "timestamp": "2025-12-31T23:59:00Z", "data": {"document": {"id": DOC_IDS[2]}}}
    K_BODY = compact(kb)

    # ---- Config errors.
    cfg = err("INVALID_CONFIG")
    add(F, "config-unknown-provider",
        "An unknown provider id is rejected at construction.",
        "acmesign", S_BODY, cfg, secrets=["whsec_acmesign_test"],
        headers=[["X-Acmesign-Signature", hmac_hex("whsec_acmesign_test", S_BODY)]])
    add(F, "config-provider-wrong-case",
        "Provider ids are exact: Sajn is not sajn.",
        "Sajn", S_BODY, cfg, secrets=[SECRET["sajn"]], headers=std_headers("sajn", S_BODY))
    add(F, "config-no-secrets",
        "An empty secrets list is rejected.",
        "sajn", S_BODY, cfg, secrets=[])
    add(F, "config-empty-text-secret",
        "An empty text secret is rejected.",
        "propper", P_BODY, cfg, secrets=[""])
    add(F, "config-empty-secret-among-good",
        "One empty secret next to a good one still rejects the configuration.",
        "sajn", S_BODY, cfg, secrets=[SECRET["sajn"], ""])
    add(F, "config-text-secret-trailing-newline",
        "A text secret with a trailing newline (copied from a file) is "
        "rejected.",
        "krebit", K_BODY, cfg, secrets=[SECRET["krebit"] + "\n"])
    add(F, "config-text-secret-leading-space",
        "A text secret with a leading space is rejected.",
        "sajn", S_BODY, cfg, secrets=[" " + SECRET["sajn"]])
    add(F, "config-text-secret-only-whitespace",
        "A text secret of only whitespace is rejected.",
        "sajn", S_BODY, cfg, secrets=["   "])
    add(F, "config-empty-bytes-secret",
        "An empty bytes secret is rejected.",
        "sajn", S_BODY, cfg, secrets=[{"base64": ""}])
    add(F, "config-negative-tolerance",
        "A negative tolerance is rejected.",
        "propper", P_BODY, cfg, options={"tolerance": -1})
    add(F, "config-zero-max-body-bytes",
        "max_body_bytes 0 is rejected.",
        "propper", P_BODY, cfg, options={"max_body_bytes": 0})
    add(F, "config-client-id-for-sajn",
        "client_id is a krebit-only option: rejected for sajn.",
        "sajn", S_BODY, cfg, options={"client_id": CLIENT_ID})
    add(F, "config-client-id-for-propper",
        "client_id is a krebit-only option: rejected for propper.",
        "propper", P_BODY, cfg, options={"client_id": CLIENT_ID})
    add(F, "config-client-id-with-comma",
        "A client id with a comma is INVALID_CONFIG: a comma separates repeated "
        "X-Client-Id values, so such an id could never be matched.",
        "krebit", '{"id":"1","type":"signing.sent"}', err("INVALID_CONFIG"),
        options={"client_id": "client_a,client_b"},
        headers=[["X-Signature", hmac_hex(SECRET["krebit"], '{"id":"1","type":"signing.sent"}')]])
    add(F, "config-client-id-empty-for-krebit",
        "An empty client_id for krebit is rejected.",
        "krebit", K_BODY, cfg, options={"client_id": ""},
        headers=std_headers("krebit", K_BODY, client_id=CLIENT_ID))

    # ---- Size.
    sz = {"event": "DOCUMENT_SENT", "timestamp": "2025-12-31T23:59:00.000Z",
          "organizationId": ORG_ID, "data": {"documentId": DOC_IDS[3],
                                              "documentName": "Överlåtelse – Ängelholm.pdf"}}
    sz_body = compact(sz)
    sz_len = len(sz_body.encode("utf-8"))
    assert sz_len > len(sz_body)  # multi-byte characters: bytes, not characters, count
    sz_ok = ok(ev("sajn", "DOCUMENT_SENT", occurred_at="2025-12-31T23:59:00.000Z",
                  organization_id=ORG_ID,
                  document=doc(DOC_IDS[3], "Överlåtelse – Ängelholm.pdf")))
    add(F, "size-body-exactly-max",
        "A body of exactly max_body_bytes bytes passes.",
        "sajn", sz_body, sz_ok, options={"max_body_bytes": sz_len})
    add(F, "size-body-one-byte-over",
        "A body one byte over max_body_bytes fails with PAYLOAD_TOO_LARGE; "
        "the limit counts UTF-8 bytes, not characters (the body has fewer "
        "characters than the limit).",
        "sajn", sz_body, err("PAYLOAD_TOO_LARGE"), options={"max_body_bytes": sz_len - 1})
    add(F, "size-over-limit-missing-signature",
        "The size check comes before the signature: an oversized body without "
        "a signature header gives PAYLOAD_TOO_LARGE.",
        "sajn", sz_body, err("PAYLOAD_TOO_LARGE"), options={"max_body_bytes": 64},
        headers=[["Content-Type", "application/json"]])
    add(F, "size-over-limit-invalid-config-wins",
        "Configuration is checked at construction, before any size check.",
        "sajn", sz_body, cfg, options={"max_body_bytes": 0},
        headers=[["Content-Type", "application/json"]])

    # ---- Bodies that do not parse (all validly signed).
    bad = err("INVALID_PAYLOAD")
    add(F, "body-not-utf8",
        "A validly signed body that is not UTF-8 is INVALID_PAYLOAD.",
        "sajn", b'{"event":"DOCUMENT_SENT","data":{"documentName":"\xff\xfe\xc3("}}', bad)
    add(F, "body-latin1-encoded",
        "A validly signed JSON body encoded as Latin-1 (é as byte 0xE9) is not "
        "UTF-8: INVALID_PAYLOAD.",
        "propper", '{"id":"evt_1","type":"document.sent","created":"2025-12-31T23:59:00Z",'
                   '"data":{"document":{"name":"Résumé.pdf"}}}'.encode("latin-1"), bad)
    add(F, "body-not-json",
        "A validly signed body that is not JSON is INVALID_PAYLOAD.",
        "sajn", "event=DOCUMENT_SENT&documentId=" + DOC_IDS[0], bad)
    add(F, "body-empty",
        "A validly signed empty body is INVALID_PAYLOAD.",
        "propper", "", bad)
    add(F, "body-whitespace-only",
        "A validly signed body of only whitespace is INVALID_PAYLOAD.",
        "krebit", " \n", bad)
    add(F, "body-json-array",
        "A JSON array is not an object: INVALID_PAYLOAD.",
        "sajn", "[" + S_BODY + "]", bad)
    add(F, "body-json-string",
        "A JSON string is not an object: INVALID_PAYLOAD.",
        "propper", json.dumps(P_BODY), bad)
    add(F, "body-json-null",
        "JSON null is not an object: INVALID_PAYLOAD.",
        "krebit", "null", bad)
    add(F, "body-trailing-garbage",
        "A JSON object followed by garbage is INVALID_PAYLOAD.",
        "sajn", S_BODY + "x", bad)
    add(F, "body-two-objects",
        "Two concatenated JSON objects are INVALID_PAYLOAD.",
        "propper", P_BODY + P_BODY, bad)
    add(F, "body-truncated-json",
        "A truncated JSON object is INVALID_PAYLOAD.",
        "sajn", S_BODY[:-2], bad)
    add(F, "body-single-quoted-json",
        "JSON with single quotes is INVALID_PAYLOAD.",
        "sajn", "{'event':'DOCUMENT_SENT'}", bad)
    add(F, "body-nesting-100000-levels",
        "An array nested 100000 levels deep inside a field exceeds the "
        "128-level depth limit: INVALID_PAYLOAD, no stack overflow.",
        "sajn", '{"event":"DOCUMENT_SENT","data":' + "[" * 100000 + "]" * 100000 + "}", bad)
    add(F, "body-nesting-1000-objects",
        "Objects nested 1000 levels deep exceed the 128-level depth limit: "
        "INVALID_PAYLOAD.",
        "propper", '{"type":"document.sent","data":' + '{"a":' * 1000 + "1" + "}" * 1000
                   + "}", bad)
    add(F, "body-sajn-missing-event",
        "A sajn body without event is INVALID_PAYLOAD.",
        "sajn", compact({k: v for k, v in sb.items() if k != "event"}), bad)
    add(F, "body-sajn-event-null",
        "A sajn event that is null is INVALID_PAYLOAD.",
        "sajn", compact(dict(sb, event=None)), bad)
    add(F, "body-sajn-event-number",
        "A sajn event that is a number is INVALID_PAYLOAD.",
        "sajn", compact(dict(sb, event=3)), bad)
    add(F, "body-sajn-type-is-not-event",
        "sajn reads only event: a body with type but no event is "
        "INVALID_PAYLOAD.",
        "sajn", compact({"type": "DOCUMENT_SENT", "timestamp": "2025-12-31T23:59:00.000Z",
                         "organizationId": ORG_ID, "data": sb["data"]}), bad)
    add(F, "body-propper-type-number",
        "A propper type that is a number is INVALID_PAYLOAD.",
        "propper", compact(dict(pb, type=7)), bad)
    add(F, "body-propper-type-missing",
        "A propper body without type is INVALID_PAYLOAD, even with an event "
        "field (the event fallback is krebit-only).",
        "propper", compact({"id": "evt_01JGXE2G0K2N4Q6S8U0W2Y4A", "event": "document.sent",
                            "created": "2025-12-31T23:59:00Z", "data": pb["data"]}), bad)
    add(F, "body-krebit-no-type-no-event",
        "A krebit body with neither a string type nor a string event is "
        "INVALID_PAYLOAD.",
        "krebit", compact({"id": "evt_kr_x", "type": None, "event": ["signing.sent"],
                           "timestamp": "2025-12-31T23:59:00Z"}), bad)
    add(F, "body-krebit-empty-object",
        "An empty krebit object has no type: INVALID_PAYLOAD.",
        "krebit", "{}", bad)

    # ---- Client id ordering.
    add(F, "order-client-id-before-parse",
        "The client id check comes before parsing: a wrong X-Client-Id with "
        "an invalid JSON body gives CLIENT_ID_MISMATCH.",
        "krebit", "not json", err("CLIENT_ID_MISMATCH"),
        options={"client_id": CLIENT_ID},
        headers=std_headers("krebit", "not json", client_id="client_wrong"))
    add(F, "order-signature-before-client-id",
        "The signature check comes before the client id: a wrong signature "
        "and a wrong X-Client-Id give SIGNATURE_MISMATCH.",
        "krebit", K_BODY, err("SIGNATURE_MISMATCH"),
        options={"client_id": CLIENT_ID},
        headers=std_headers("krebit", K_BODY, secret="whsec_wrong", client_id="client_wrong"))
    add(F, "order-missing-signature-before-client-id",
        "A missing signature is reported before a missing X-Client-Id.",
        "krebit", K_BODY, err("MISSING_SIGNATURE"),
        options={"client_id": CLIENT_ID},
        headers=[["Content-Type", "application/json"]])
    add(F, "order-client-id-before-tolerance",
        "The client id check comes before the timestamp check.",
        "krebit", K_BODY.replace("2025-12-31T23:59:00Z", "2025-12-01T00:00:00Z"),
        err("CLIENT_ID_MISMATCH"),
        options={"client_id": CLIENT_ID, "tolerance": 300},
        headers=std_headers("krebit",
                            K_BODY.replace("2025-12-31T23:59:00Z", "2025-12-01T00:00:00Z")))

    # ---- Tolerance.
    def pt(created, name_suffix, desc, expect_fn, tolerance=300, id_suffix="0"):
        b = propper_body("evt_01JGXF" + id_suffix * 20, "document.viewed", created,
                         {"id": DOC_IDS[4], "name": "Agreement.pdf", "status": "sent"})
        body = compact(b)
        opts = None if tolerance is None else {"tolerance": tolerance}
        exp = expect_fn(b)
        add(F, "tolerance-" + name_suffix, desc, "propper", body, exp, options=opts)

    def pok(b):
        oc = b["created"]
        if isinstance(oc, int):
            oc = iso(oc)
        elif not isinstance(oc, str):
            oc = None
        return ok(ev("propper", "document.viewed", id=b["id"], occurred_at=oc,
                     document=doc(DOC_IDS[4], "Agreement.pdf", "sent")))

    def pstale(b):
        return err("TIMESTAMP_OUT_OF_RANGE")

    pt("2025-12-31T23:58:20Z", "inside-window",
       "An event 100 s old with tolerance 300 passes.", pok, id_suffix="A")
    pt("2025-12-31T23:55:00Z", "exactly-at-past-edge",
       "An event exactly tolerance seconds old passes (the edge is inclusive).",
       pok, id_suffix="B")
    pt("2026-01-01T00:05:00Z", "exactly-at-future-edge",
       "An event exactly tolerance seconds in the future passes.", pok, id_suffix="C")
    pt("2025-12-31T23:54:59Z", "one-second-too-old",
       "An event tolerance + 1 seconds old fails with TIMESTAMP_OUT_OF_RANGE.",
       pstale, id_suffix="D")
    pt("2025-12-31T16:00:00Z", "too-old",
       "An 8-hour-old event with tolerance 300 fails with TIMESTAMP_OUT_OF_RANGE.",
       pstale, id_suffix="E")
    pt("2026-01-01T00:05:01Z", "too-far-in-future",
       "An event tolerance + 1 seconds in the future fails with "
       "TIMESTAMP_OUT_OF_RANGE.", pstale, id_suffix="F")
    pt("2025-12-31T16:00:00Z", "not-set-8-hour-old-retry-passes",
       "Without a tolerance an 8-hour-old retry passes: replay windows are "
       "opt-in.", pok, tolerance=None, id_suffix="G")
    pt("2026-01-01T02:00:00+02:00", "offset-with-colon",
       "+02:00 is applied: 02:00+02:00 is exactly now, inside tolerance 60 "
       "(it would be 2 h off if the offset were ignored).", pok, tolerance=60,
       id_suffix="H")
    pt("2025-12-31T19:00:30-0500", "offset-without-colon",
       "-0500 is applied: 19:00:30-0500 is 30 s after now, inside tolerance 60.",
       pok, tolerance=60, id_suffix="J")
    pt("2026-01-01T00:00:00+02:00", "offset-makes-it-stale",
       "00:00:00+02:00 is 2 hours before now: TIMESTAMP_OUT_OF_RANGE with "
       "tolerance 300.", pstale, id_suffix="K")
    pt("2025-12-31 23:59:30.250", "space-separator-fraction-no-offset",
       "A space separator, a fraction and no offset (UTC) parse: inside the "
       "window.", pok, id_suffix="M")
    pt("2025-12-31t23:59:30z", "lowercase-t-and-z",
       "Lower-case t and z are accepted.", pok, id_suffix="N")
    pt(1767225600 - 120, "integer-created-inside",
       "An integer created time is compared directly: 120 s old passes "
       "tolerance 300.", pok, id_suffix="P")
    pt(1767225600 - 301, "integer-created-stale",
       "An integer created time 301 s old fails tolerance 300.", pstale, id_suffix="Q")
    pt("2026-01-01T00:00:00Z", "zero-exact",
       "Tolerance 0 accepts an event time exactly equal to now.", pok, tolerance=0,
       id_suffix="R")
    pt("2026-01-01T00:00:01Z", "zero-one-second-off",
       "Tolerance 0 rejects an event one second after now.", pstale, tolerance=0,
       id_suffix="S")
    pt("yesterday", "unparseable",
       "An unparseable time with tolerance set is TIMESTAMP_OUT_OF_RANGE.",
       pstale, id_suffix="T")
    pt("2026-01-01", "date-only-unparseable",
       "A date without a time of day is not accepted for the tolerance check.",
       pstale, id_suffix="U")
    pt("Thu, 01 Jan 2026 00:00:00 GMT", "rfc2822-unparseable",
       "An RFC 2822 date is not accepted for the tolerance check.", pstale,
       id_suffix="V")
    pt(1767225600.0, "float-created",
       "A float created time is not a time: occurred_at null, and with "
       "tolerance set TIMESTAMP_OUT_OF_RANGE.", pstale, id_suffix="W")

    b = sajn_body("DOCUMENT_SENT", None, DOC_IDS[5], "Avtal.pdf", None, None, None, None,
                  None, None)
    del b["timestamp"]
    body = compact(b)
    add(F, "tolerance-absent-timestamp",
        "A sajn body without timestamp fails with TIMESTAMP_OUT_OF_RANGE when "
        "a tolerance is set.",
        "sajn", body, err("TIMESTAMP_OUT_OF_RANGE"), options={"tolerance": 300})
    add(F, "tolerance-not-set-absent-timestamp-passes",
        "The same body without a tolerance parses with a null occurred_at.",
        "sajn", body,
        ok(ev("sajn", "DOCUMENT_SENT", organization_id=ORG_ID,
              document=doc(DOC_IDS[5], "Avtal.pdf"))))
    add(F, "tolerance-invalid-json-first",
        "Parsing comes before the timestamp check: invalid JSON with a "
        "tolerance set is INVALID_PAYLOAD.",
        "sajn", '{"event":"DOCUMENT_SENT","timestamp":"2020-01-01T00:00:00Z"',
        bad, options={"tolerance": 300})
    stale = compact(dict(sb, timestamp="2025-12-01T00:00:00.000Z"))
    add(F, "tolerance-bad-signature-first",
        "The signature comes before the timestamp: a wrong signature on a "
        "stale event is SIGNATURE_MISMATCH.",
        "sajn", stale, err("SIGNATURE_MISMATCH"), options={"tolerance": 300},
        headers=std_headers("sajn", stale, secret="whsec_wrong"))
    kt = {"id": "evt_kr_01JGXG4J2N4Q6S8U0W2Y4A6C", "type": "signing.sent",
          "createdAt": 1767225590}
    body = compact(kt)
    add(F, "tolerance-krebit-created-at-integer",
        "krebit reads the time from createdAt for the tolerance check; an "
        "integer 10 s old passes.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", id="evt_kr_01JGXG4J2N4Q6S8U0W2Y4A6C",
              occurred_at=iso(1767225590))),
        options={"tolerance": 30})
    late_now = NOW + 8 * 3600
    add(F, "tolerance-custom-now",
        "The check uses the case's now: the same event verified 8 hours later "
        "with tolerance 300 is TIMESTAMP_OUT_OF_RANGE.",
        "krebit", body, err("TIMESTAMP_OUT_OF_RANGE"), options={"tolerance": 300},
        now=late_now)
    add(F, "tolerance-large-window-8-hours",
        "A tolerance of 8 h 5 min accepts an event verified 8 hours later.",
        "krebit", body,
        ok(ev("krebit", "signing.sent", id="evt_kr_01JGXG4J2N4Q6S8U0W2Y4A6C",
              occurred_at=iso(1767225590))),
        options={"tolerance": 8 * 3600 + 300}, now=late_now)

    # ---- Binding-only.
    parsed = {"event": "DOCUMENT_SIGNED", "timestamp": "2025-12-31T23:59:00.000Z",
              "organizationId": ORG_ID, "data": {"documentId": DOC_IDS[6]}}
    add(F, "binding-body-already-parsed",
        "Bindings only: handing verify an already-parsed object instead of the "
        "raw body is BODY_NOT_RAW (the headers are valid for the compact JSON "
        "of body_parsed).",
        "sajn", None, err("BODY_NOT_RAW"),
        headers=std_headers("sajn", compact(parsed)),
        bindings_only=True, body_parsed=parsed)


# --------------------------------------------------------------------------
# Reference model (used only to cross-check the hand-written expectations)


class Fail(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


_HEX64 = re.compile(r"^[0-9A-Fa-f]{64}$")
_TS = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
                 r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$")


def _reject_constant(name):
    raise ValueError("non-standard JSON constant " + name)


def _max_depth(text):
    depth = best = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth -= 1
    return best


def _lenient_str(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return str(v)
    return None


def _obj(v):
    return v if isinstance(v, dict) else None


def _alias(o, a, b):
    return _lenient_str(o[a]) if a in o else _lenient_str(o.get(b))


def _seconds_text(v):
    """Unix seconds written as a string: 1 to 12 ASCII digits."""
    return isinstance(v, str) and v.isascii() and v.isdigit() and 0 < len(v) <= 12


def _parse_time(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return Fraction(v)
    if _seconds_text(v):
        return Fraction(int(v))
    if not isinstance(v, str):
        return None
    m = _TS.match(v)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    try:
        dt = datetime.datetime(y, mo, d, h, mi, s, tzinfo=datetime.timezone.utc)
    except ValueError:
        return None
    t = Fraction(int(dt.timestamp()))
    if m.group(7):
        t += Fraction(m.group(7)[1:]) / (10 ** (len(m.group(7)) - 1))
    if m.group(9):
        off = int(m.group(10)) * 3600 + int(m.group(11)) * 60
        t -= off if m.group(9) == "+" else -off
    return t


def _finite_float(text):
    """A number no f64 holds (1e999) is invalid: JSON parsers disagree on it."""
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("number out of range")
    return value


def _has_lone_surrogate(v):
    """json.loads turns an escaped pair into one character, so a surrogate code point left
    in a string (key or value) came from an unpaired escape."""
    if isinstance(v, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    if isinstance(v, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(x) for k, x in v.items())
    if isinstance(v, list):
        return any(_has_lone_surrogate(x) for x in v)
    return False


def reference_verify(case):
    provider = case["provider"]
    secrets = case["secrets"]
    opts = case.get("options", {})
    # Construction.
    if provider not in PROVIDERS or not secrets:
        raise Fail("INVALID_CONFIG")
    keys = []
    for s in secrets:
        if isinstance(s, dict):
            k = base64.b64decode(s["base64"])
            if not k:
                raise Fail("INVALID_CONFIG")
        else:
            if s == "" or s != s.strip():
                raise Fail("INVALID_CONFIG")
            k = s.encode("utf-8")
        keys.append(k)
    if opts.get("tolerance") is not None and opts["tolerance"] < 0:
        raise Fail("INVALID_CONFIG")
    if "max_body_bytes" in opts and opts["max_body_bytes"] == 0:
        raise Fail("INVALID_CONFIG")
    if "client_id" in opts and (provider != "krebit" or opts["client_id"] == ""
                                or opts["client_id"] != opts["client_id"].strip()
                                or "," in opts["client_id"]):
        raise Fail("INVALID_CONFIG")
    if case.get("bindings_only"):
        raise Fail("BODY_NOT_RAW")
    raw = (case["body"].encode("utf-8") if "body" in case
           else base64.b64decode(case["body_base64"]))
    headers = case["headers"]

    def values(name):
        return [v for (n, v) in headers if n.lower() == name.lower()]

    # 1. size
    if len(raw) > opts.get("max_body_bytes", DEFAULT_MAX_BODY_BYTES):
        raise Fail("PAYLOAD_TOO_LARGE")
    # 2. signature
    vals = values(SIG_HEADER[provider])
    pieces = [p for v in vals for p in re.split(r"[,\s]+", v) if p]
    # Absent, empty, or only commas and whitespace (also a repeated empty header joined by a
    # Web Headers into ", "): no candidate at all.
    if not pieces:
        raise Fail("MISSING_SIGNATURE")
    if len(pieces) > MAX_CANDIDATES:
        raise Fail("MALFORMED_SIGNATURE")
    good = []
    for p in pieces:
        if provider == "propper":
            if p[:7].lower() != "sha256=":
                continue
            p = p[7:]
        if _HEX64.match(p):
            good.append(p.lower())
    if not good:
        raise Fail("MALFORMED_SIGNATURE")
    macs = {hmac.new(k, raw, hashlib.sha256).hexdigest() for k in keys}
    if not any(g in macs for g in good):
        raise Fail("SIGNATURE_MISMATCH")
    # 3. client id
    # Every value, repeated or comma-joined, trimmed; they must all agree.
    cids = {part.strip() for v in values("X-Client-Id") for part in v.split(",")} - {""}
    if provider == "krebit" and "client_id" in opts:
        if cids != {opts["client_id"]}:
            raise Fail("CLIENT_ID_MISMATCH")
    # 4. parse
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Fail("INVALID_PAYLOAD")
    if _max_depth(text) > MAX_DEPTH:
        raise Fail("INVALID_PAYLOAD")
    try:
        body = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except ValueError:
        raise Fail("INVALID_PAYLOAD")
    if not isinstance(body, dict):
        raise Fail("INVALID_PAYLOAD")
    if _has_lone_surrogate(body):
        raise Fail("INVALID_PAYLOAD")

    def occurred(v):
        if isinstance(v, bool):
            return None
        if _seconds_text(v):
            return iso(int(v))  # Unix seconds written as a string
        if isinstance(v, str):
            return v
        if isinstance(v, int):
            return iso(v)
        return None

    def document_of(d):
        d = _obj(d)
        if d is None:
            return None
        return doc(_lenient_str(d.get("id")), _lenient_str(d.get("name")),
                   _lenient_str(d.get("status")), _alias(d, "externalId", "external_id"),
                   _alias(d, "completedAt", "completed_at"))

    def signer_of(s):
        s = _obj(s)
        if s is None:
            return None
        return signer(_lenient_str(s.get("id")), _lenient_str(s.get("email")),
                      _lenient_str(s.get("name")), _alias(s, "signedAt", "signed_at"),
                      _alias(s, "signatureType", "signature_type"))

    client_id = None
    if provider == "sajn":
        t = body.get("event")
        if not isinstance(t, str):
            raise Fail("INVALID_PAYLOAD")
        time_raw = body.get("timestamp")
        data = _obj(body.get("data")) or {}
        document = doc(_lenient_str(data.get("documentId")),
                       _lenient_str(data.get("documentName")), None,
                       _lenient_str(data.get("externalId")), None)
        sig_ = signer(_lenient_str(data.get("signerId")), _lenient_str(data.get("signerEmail")),
                      _lenient_str(data.get("signerName")), _lenient_str(data.get("signedAt")),
                      _lenient_str(data.get("signatureType")))
        reason = _lenient_str(data.get("reason"))
        download_url = None
        org = _lenient_str(body.get("organizationId"))
        pid = None
    else:
        if provider == "propper":
            t = body.get("type")
            if not isinstance(t, str):
                raise Fail("INVALID_PAYLOAD")
            time_raw = body.get("created")
        else:
            t = body.get("type")
            if not isinstance(t, str):
                t = body.get("event")
            if not isinstance(t, str):
                raise Fail("INVALID_PAYLOAD")
            time_raw = None
            for key in ("timestamp", "createdAt", "created_at", "created"):
                if key in body:
                    time_raw = body[key]
                    break
            if len(cids) == 1:
                client_id = next(iter(cids))
        data = _obj(body.get("data")) or {}
        document = document_of(data.get("document"))
        sig_ = signer_of(data.get("signer"))
        reason = _lenient_str(data.get("reason"))
        download_url = _alias(data, "downloadUrl", "download_url")
        org = None
        pid = _lenient_str(body.get("id"))
    event = ev(provider, t, id=pid, occurred_at=occurred(time_raw), document=document,
               signer=sig_, reason=reason, download_url=download_url,
               organization_id=org, client_id=client_id)
    # 5. tolerance
    tol = opts.get("tolerance")
    if tol is not None:
        when = _parse_time(time_raw)
        if when is None or abs(Fraction(case["now"]) - when) > tol:
            raise Fail("TIMESTAMP_OUT_OF_RANGE")
    return {"event": event}


def reference_outcome(case):
    try:
        return reference_verify(case)
    except Fail as f:
        return {"error": f.code}


def matrix_cases():
    F = "matrix.json"
    P = "propper"
    body = compact(propper_body("evt_01JMATRIX00000000000000", "document.signed", "2025-12-31T23:59:00Z",
                                {"id": DOC_IDS[3], "name": "Contract.pdf", "status": "signed"}))
    good = sig_value(P, SECRET[P], body)
    hexpart = good[len("sha256="):]
    H = SIG_HEADER[P]

    def row(name, label, expect, headers=None, b=body, provider=P, **kw):
        add(F, "matrix-" + name, label + ".", provider, b, expect, headers=headers, matrix=label, **kw)

    row("missing-header", "signature header missing", err("MISSING_SIGNATURE"), headers=[["Content-Type", "application/json"]])
    row("empty-header", "signature header empty", err("MISSING_SIGNATURE"), headers=[[H, ""]])
    row("separators-only-header", "signature header of only commas and spaces (a repeated empty "
        "header joined by a Fetch `Headers`)", err("MISSING_SIGNATURE"), headers=[[H, ", "]])
    row("prefix-only", "prefix only (`sha256=`)", err("MALFORMED_SIGNATURE"), headers=[[H, "sha256="]])
    row("non-hex", "not hex", err("MALFORMED_SIGNATURE"), headers=[[H, "sha256=" + "zz" * 32]])
    row("odd-length", "odd-length hex", err("MALFORMED_SIGNATURE"), headers=[[H, good[:-1]]])
    row("too-long", "hex too long (65 digits)", err("MALFORMED_SIGNATURE"), headers=[[H, good + "0"]])
    row("short", "hex too short (a truncated signature)", err("MALFORMED_SIGNATURE"), headers=[[H, good[:20]]])
    row("uppercase", "uppercase hex (valid)", ok(reference_verify_event(P, body)), headers=[[H, "sha256=" + hexpart.upper()]])
    row("too-many-candidates", "9 candidates in one header", err("MALFORMED_SIGNATURE"),
        headers=[[H, ", ".join(["sha256=" + "0" * 64] * 8 + [good])]])
    row("repeated-header", "repeated header, the good signature second", ok(reference_verify_event(P, body)),
        headers=[[H, "sha256=" + "1" * 64], [H, good]])
    row("wrong-secret", "signed with another secret", err("SIGNATURE_MISMATCH"),
        headers=[[H, sig_value(P, "whsec_someone_else", body)]])
    bad_utf8 = b'{"id":"evt_1","type":"document.signed","x":"\xff\xfe"}'
    row("non-utf8-body", "body not UTF-8", err("INVALID_PAYLOAD"), b=bad_utf8, headers=[[H, sig_value(P, SECRET[P], bad_utf8)]])
    row("empty-body", "empty body", err("INVALID_PAYLOAD"), b="", headers=[[H, sig_value(P, SECRET[P], "")]])
    row("not-json", "body not JSON", err("INVALID_PAYLOAD"), b="type=document.signed&id=1",
        headers=[[H, sig_value(P, SECRET[P], "type=document.signed&id=1")]])
    row("json-array", "a JSON array", err("INVALID_PAYLOAD"), b='[{"type":"document.signed"}]',
        headers=[[H, sig_value(P, SECRET[P], '[{"type":"document.signed"}]')]])
    deep = '{"id":"evt_1","type":"document.signed","data":' + "[" * 100000 + "]" * 100000 + "}"
    row("nesting-100000", "100 000 levels of nesting", err("INVALID_PAYLOAD"), b=deep, headers=[[H, sig_value(P, SECRET[P], deep)]])
    row("over-max-body", "body over maxBodyBytes", err("PAYLOAD_TOO_LARGE"), headers=None, options={"max_body_bytes": 64})
    row("header-1mb", "a 1 MB signature header", err("MALFORMED_SIGNATURE"), headers=[[H, "sha256=" + "a" * (1 << 20)]])
    row("empty-secret", "an empty secret", err("INVALID_CONFIG"), secrets=[""])
    row("padded-secret", "a whitespace-padded secret", err("INVALID_CONFIG"), secrets=[" " + SECRET[P] + "\n"])
    for label, parsed in (("object", json.loads(body)), ("null", None), ("number", 42)):
        add(F, "matrix-parsed-" + label, "a parsed %s instead of the raw body." % label, P, None, err("BODY_NOT_RAW"),
            headers=std_headers(P, body), matrix="a parsed %s as the body" % ("None/null" if parsed is None else label),
            bindings_only=True, body_parsed=parsed)
    uni = compact(propper_body("evt_01JMATRIXUNICODE000000000", "document.signed", "2025-12-31T23:59:00Z",
                               {"id": DOC_IDS[4], "name": "Überlåtelse – 合同 – 📄.pdf", "status": "signed"},
                               {"id": SIGNER_IDS[0], "email": "zoë@exämple.se", "name": "Zoë Ångström 👩‍💼"}))
    row("unicode", "a Unicode payload", ok(reference_verify_event(P, uni)), b=uni, headers=[[H, sig_value(P, SECRET[P], uni)]])


def fuzz_findings():
    """Inputs the fuzzers found, kept as vectors."""
    F = "errors.json"
    P = "propper"
    for name, label, text in (
        ("fuzz-lone-surrogate-unknown-field", "an unpaired surrogate escape in a field signhook does not map",
         '{"id":"evt_1","type":"document.signed","note":"caf\\ude00"}'),
        ("fuzz-lone-surrogate-known-field", "an unpaired surrogate escape in a mapped field",
         '{"id":"evt_1","type":"document.signed","data":{"document":{"name":"\\ud83d.pdf"}}}'),
        ("fuzz-lone-surrogate-in-key", "an unpaired surrogate escape in a key",
         '{"id":"evt_1","type":"document.signed","\\udfff":1}'),
    ):
        add(F, name, "Found by fuzzing: " + label + " is INVALID_PAYLOAD in every runtime.", P, text,
            err("INVALID_PAYLOAD"), headers=std_headers(P, text))
    for levels, expect_ok in ((128, True), (129, False)):
        text = '{"id":"evt_4","type":"document.signed","x":' + "[" * (levels - 1) + "]" * (levels - 1) + "}"
        add(F, "nesting-%d-levels" % levels, "The body object plus %d nested arrays: %s." % (
            levels - 1, "the deepest allowed" if expect_ok else "one level too deep"), P, text,
            ok(reference_verify_event(P, text)) if expect_ok else err("INVALID_PAYLOAD"),
            headers=std_headers(P, text))
    big = '{"id":"evt_5","type":"document.signed","n":' + "9" * 90 + ',"m":-1.5e300}'
    add(F, "big-finite-numbers", "A 90-digit integer and -1.5e300 are finite numbers: the body parses.", P, big,
        ok(reference_verify_event(P, big)), headers=std_headers(P, big))
    huge = '{"id":"evt_3","type":"document.signed","data":{"document":{"sIgnedAt":176722e5479}}}'
    add(F, "fuzz-number-out-of-range", "Found by fuzzing: a number no f64 holds, in a field signhook "
        "does not map, is INVALID_PAYLOAD in every runtime.", P, huge, err("INVALID_PAYLOAD"),
        headers=std_headers(P, huge))
    dup = '{"event":"DOCUMENT_SENT","timestamp":"2026-01-01T00:00:00Z","event":"DOCUMENT_SIGNED"}'
    add(F, "repeated-key-last-wins", "A repeated key keeps its last value, as JavaScript and Python do.",
        "sajn", dup, ok(reference_verify_event("sajn", dup)), headers=std_headers("sajn", dup))
    paired = '{"id":"evt_2","type":"document.signed","note":"\\ud83d\\ude00 \\u00e9"}'
    add(F, "fuzz-surrogate-pair-is-fine", "A correctly paired surrogate escape parses.", P, paired,
        ok(reference_verify_event(P, paired)), headers=std_headers(P, paired))
    k = '{"id":"evt_kr_1","type":"signing.sent"}'
    add(F, "fuzz-client-id-padded", "Found by fuzzing: a whitespace-padded clientId could never match "
        "(the header is trimmed), so it is rejected at construction.", "krebit", k, err("INVALID_CONFIG"),
        options={"client_id": " client_8d41f0 "}, headers=std_headers("krebit", k, client_id="client_8d41f0"))


def reference_verify_event(provider, body):
    """The expected event for a valid propper body, from the reference model."""
    case = {"provider": provider, "secrets": [SECRET[provider]], "headers": std_headers(provider, body),
            "body": body, "now": NOW}
    return reference_verify(case)["event"]


# --------------------------------------------------------------------------
# Checks and output


_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check(all_cases):
    names = set()
    seen_codes = set()
    for file, cases in all_cases.items():
        for c in cases:
            n = c["name"]
            assert _NAME.match(n), "not kebab-case: " + n
            assert n not in names, "duplicate name: " + n
            names.add(n)
            got = reference_outcome(c)
            assert got == c["expect"], "%s/%s: expected %r, reference model says %r" % (
                file, n, c["expect"], got)
            if "error" in c["expect"]:
                seen_codes.add(c["expect"]["error"])
            if "event" in c["expect"]:
                json.loads(c["body"])  # the payload every suite compares against
    missing = set(ERROR_CODES) - seen_codes
    assert not missing, "error codes without a case: %r" % sorted(missing)
    errors_file_codes = {c["expect"]["error"] for c in all_cases["errors.json"]
                         if "error" in c["expect"]}
    assert len(errors_file_codes) >= 7
    # Every kind-table entry and an unknown type per provider.
    for p, table in KIND.items():
        types = {c["expect"]["event"]["type"] for cs in all_cases.values() for c in cs
                 if "event" in c["expect"] and c["provider"] == p}
        assert set(table) <= types, (p, set(table) - types)
        assert any(t not in table for t in types), p
    # Derived-id stability pair.
    a = next(c for c in all_cases["sajn.json"] if c["name"] == "sajn-derived-id-stable-lowercase-header")
    b = next(c for c in all_cases["sajn.json"] if c["name"] == "sajn-derived-id-stable-uppercase-header")
    assert a["body"] == b["body"] and a["expect"] == b["expect"]
    total = sum(len(v) for v in all_cases.values())
    assert total >= 70, total
    return total


def write(all_cases):
    for file, cases in all_cases.items():
        doc_ = {"description": FILES[file], "provenance": PROVENANCE, "cases": cases}
        text = json.dumps(doc_, indent=1, ensure_ascii=False) + "\n"
        with open(os.path.join(HERE, file), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


STATUS = {"MISSING_SIGNATURE": 401, "MALFORMED_SIGNATURE": 401, "SIGNATURE_MISMATCH": 401,
          "CLIENT_ID_MISMATCH": 401, "TIMESTAMP_OUT_OF_RANGE": 401, "INVALID_PAYLOAD": 400,
          "PAYLOAD_TOO_LARGE": 413, "BODY_NOT_RAW": 500, "INVALID_CONFIG": "thrown at construction"}


# Rows of the second table of docs/bad-input-matrix.md: bad input at the framework helpers.
HELPER_ROWS = [
    ("a chunked body of 100 MiB (no Content-Length) to Flask, FastAPI, Django",
     "`PAYLOAD_TOO_LARGE` (413) after reading at most `max_body_bytes + 1` bytes; peak RSS "
     "within a few MiB of idle",
     "`bindings-python/tests/test_bounded_reads.py` (werkzeug, uvicorn)"),
    ("a declared `Content-Length` over the limit, in every helper",
     "413 at once, without reading the body",
     "`test_bounded_reads.py`, `bindings-node/test/express.test.mjs`, `frameworks.test.mjs`"),
    ("a 64 MiB chunked body to `verifyRequest` in workerd (limit 1,000 bytes)",
     "413; workerd grows by about 1.5 MiB", "`bindings-wasm/test/limits.test.mjs`"),
    ("a gzip or deflate `Content-Encoding`, in every helper",
     "decoded before verifying, never past `maxBodyBytes + 1` bytes (a bomb is 413); a body that "
     "does not decode is 400 `INVALID_PAYLOAD`; in Express the same with and without "
     "`express.json()`. br: decoded by the Node helpers and aiohttp's server, 400 "
     "`INVALID_PAYLOAD` in the other Python helpers (the standard library has no brotli); "
     "aiohttp hands over a truncated gzip body as far as it decoded (then 401)",
     "`express.test.mjs`, `bindings-python/tests/test_framework_edges.py` (all six servers)"),
    ("`express.text()` mounted first", "`BODY_NOT_RAW` (decoding may change the bytes)",
     "`express.test.mjs`"),
    ("the Express middleware inside Fastify (`@fastify/middie`)",
     "`BODY_NOT_RAW` at once, naming `signhook/fastify` (it used to hang)", "`frameworks.test.mjs`"),
    ("a body parser before the Koa middleware", "`BODY_NOT_RAW` naming `signhook/koa`",
     "`frameworks.test.mjs`"),
    ("a header getter or another thread rewriting the body during `verify` (Node, WebAssembly)",
     "never an event that was not signed: headers are read before hashing, shared memory is "
     "copied", "`tests/js/hardening.test.mjs`"),
    ("writes to a Buffer body after `verify`", "the event and its payload do not change",
     "`hardening.test.mjs`"),
    ("a string body with a lone surrogate", "`BODY_NOT_RAW` in every binding",
     "`hardening.test.mjs`, `bindings-python/tests/test_arguments.py`"),
    ("a text secret or client id that is not valid Unicode", "`INVALID_CONFIG`, the value never "
     "echoed", "`hardening.test.mjs`, `test_arguments.py`"),
    ("a non-ASCII `X-Client-Id`", "compared as the UTF-8 bytes that arrived in every helper, as "
     "in Workers (Node's, WSGI's and Starlette's Latin-1 header strings are read as the bytes "
     "they were)", "`express.test.mjs`, `test_framework_edges.py`"),
    ("a repeated or comma-joined `X-Client-Id`", "the values must agree, else "
     "`CLIENT_ID_MISMATCH`", "`krebit-client-id-repeated-*` vectors, `test_framework_edges.py`"),
    ("an unknown provider id that is really a secret", "`INVALID_CONFIG`, the value not echoed",
     "core unit test, `misuse.json`"),
    ("20,000 repeated header pairs", "one pass over the headers (no longer quadratic in "
     "WebAssembly); `MALFORMED_SIGNATURE`", "`hardening.test.mjs`"),
]


def write_matrix_table(cases):
    """docs/bad-input-matrix.md: the matrix as a table, from matrix.json."""
    rows = ["| input | code | HTTP status | vector |", "| --- | --- | --- | --- |"]
    for c in cases:
        code = c["expect"].get("error", "accepted (an event)")
        status = STATUS.get(code, 200)
        rows.append("| %s | `%s` | %s | `%s` |" % (c["matrix"], code, status, c["name"]))
    helper_rows = ["| input | answer | tested by |", "| --- | --- | --- |"]
    helper_rows += ["| %s | %s | %s |" % row for row in HELPER_ROWS]
    text = ("# The bad-input matrix\n\n"
            "Every row is a case in `tests/vectors/matrix.json`, run by the Rust, Node, Python and\n"
            "WebAssembly suites, which must all give the same code. Generated by\n"
            "`python3 tests/vectors/generate.py`; do not edit by hand.\n\n" + "\n".join(rows) + "\n"
            "\n## At the framework helpers and the bindings\n\n"
            "What reaches a server or a binding before the core sees a body, and the answer in every\n"
            "helper. Argument misuse (types and values of options, `now`, headers) has its own rules in\n"
            "[arguments.md](arguments.md) and cases in `tests/vectors/misuse.json`.\n\n"
            + "\n".join(helper_rows) + "\n")
    path = os.path.join(HERE, "..", "..", "docs", "bad-input-matrix.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main():
    krebit_cases()
    sajn_cases()
    propper_cases()
    signatures_cases()
    errors_cases()
    matrix_cases()
    fuzz_findings()
    total = check(CASES)
    write(CASES)
    write_matrix_table(CASES["matrix.json"])
    for file, cases in CASES.items():
        print("%-16s %3d cases" % (file, len(cases)))
    print("%-16s %3d cases" % ("total", total))


if __name__ == "__main__":
    main()
