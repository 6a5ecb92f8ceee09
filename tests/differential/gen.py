#!/usr/bin/env python3
"""Seeded generator of random and adversarial webhook requests, one JSON line per case.

    python3 tests/differential/gen.py CASES SEED > cases.jsonl

A case has the shared vectors' format (tests/vectors/README.md) plus `id` and `family`:
provider, secrets (text, or {"base64": ...} bytes), options (client_id, tolerance,
max_body_bytes), headers as [name, value] pairs, body (text) or body_base64, now (mostly whole
seconds; sometimes a float, sometimes out of range; never a value a double cannot hold
exactly, so that every language reads the same number). About half
are signed correctly with Python's hmac, with one of the configured secrets; the rest are
signed with another secret, over other bytes, malformed, or unsigned. The same CASES and SEED
always give the same lines. Only the standard library is used.
"""

import base64
import hashlib
import hmac
import json
import os
import random
import string
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors"))
import generate as g  # noqa: E402  (provider tables)

NOW = g.NOW
PROVIDERS = g.PROVIDERS
TYPES = {p: sorted(t) for p, t in g.KIND.items()}
OTHER_TYPES = ["signing.reminder.sent", "DOCUMENT_REMINDER", "document.updated", "", " ",
               "document.signed ", "Document.Signed", "ping", "évènement", "📄"]

WORDS = ["Contract", "NDA", "Offer letter", "Avtal", "Överlåtelse", "合同", "Zoë Ångström",
         "jane@example.com", "a\"quote", "back\\slash", "tab\there", "line\nbreak", "",
         "emoji 👩‍💼", "\u2028sep", "nul\u0000byte", "ﬀ ligature", "x" * 300]


class Case:
    def __init__(self, rnd, ident):
        self.r = rnd
        self.id = ident


# --------------------------------------------------------------------------- values

def rstr(r):
    roll = r.random()
    if roll < 0.5:
        return r.choice(WORDS)
    if roll < 0.8:
        return "".join(r.choice(string.ascii_letters + string.digits + "-_.")
                       for _ in range(r.randint(1, 24)))
    return "".join(chr(r.choice([r.randint(0x20, 0x7e), r.randint(0xa0, 0x2fff),
                                 r.randint(0x1f300, 0x1faff)])) for _ in range(r.randint(1, 12)))


def rtime(r, now, tolerance):
    """An event time: near now (around the tolerance's edges), in one of the shapes seen."""
    base = now + r.choice([0, 0, -1, 1, -60, 300, -300, -301, 301, -8 * 3600,
                           r.randint(-10 ** 6, 10 ** 6)])
    if tolerance is not None and r.random() < 0.5:
        base = now + r.choice([-1, 1]) * (tolerance + r.choice([-1, 0, 0, 1]))
    roll = r.random()
    if roll < 0.08:
        return base  # integer Unix seconds
    if roll < 0.11:
        return base + 0.5  # a float: not a time
    if roll < 0.14:
        return r.choice([None, True, "yesterday", "2026-01-01", "", {"t": 1}, [base],
                         "2026-02-30T00:00:00Z", "2025-12-31T23:59:60Z",
                         "2026-01-01T24:00:00Z", "0000-01-01T00:00:00Z",
                         "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+2400",
                         "2026-01-01T00:00:00 Z", " 2026-01-01T00:00:00Z",
                         "2026-01-01T00:00:00,5Z", "+2026-01-01T00:00:00Z",
                         "2026-1-1T0:0:0Z", "2026-01-01T00:00:00.123456789012345678901Z",
                         2 ** 63, -2 ** 63 - 1, 10 ** 20, 253402300800, -62135596801,
                         "10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z"])
    secs = base
    iso = g.iso(secs) if -62135596800 <= secs < 253402300800 else "9999-12-31T23:59:59Z"
    if roll < 0.45:
        return iso
    if roll < 0.55:
        return iso[:-1] + "." + "".join(r.choice(string.digits) for _ in range(r.randint(1, 9))) + "Z"
    if roll < 0.65:
        off = r.choice([0, 60, 120, -300, 330, -720, 840]) * 60
        shifted = g.iso(secs + off)[:-1]
        sign = "+" if off >= 0 else "-"
        hh, mm = divmod(abs(off) // 60, 60)
        sep = r.choice([":", ""])
        return "%s%s%02d%s%02d" % (shifted, sign, hh, sep, mm)
    if roll < 0.72:
        return iso[:-1]  # no offset: UTC
    if roll < 0.78:
        return iso.replace("T", r.choice(["t", " "])).replace("Z", r.choice(["z", "Z", ""]))
    if roll < 0.8:
        return iso[:-1] + ".5" + "Z"
    return iso


def maybe(r, v, p=0.8):
    return v if r.random() < p else r.choice([None, 42, True, {"x": 1}, ["a"], 1.5, "", -7])


def idv(r, prefix):
    roll = r.random()
    if roll < 0.7:
        return prefix + "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(20))
    if roll < 0.85:
        return r.choice([0, 1, 42, -5, 2 ** 53, 2 ** 63, 10 ** 30, 123456789])
    return maybe(r, rstr(r), 0.3)


def document(r):
    d = {}
    for key, gen in (("id", lambda: idv(r, "doc_")), ("name", lambda: rstr(r)),
                     ("status", lambda: r.choice(["sent", "completed", "signed", "voided"])),
                     (r.choice(["externalId", "external_id"]), lambda: rstr(r)),
                     (r.choice(["completedAt", "completed_at"]), lambda: rtime(r, NOW, None))):
        if r.random() < 0.7:
            d[key] = maybe(r, gen(), 0.85)
    return d


def signer(r):
    s = {}
    for key, gen in (("id", lambda: idv(r, "sgn_")), ("email", lambda: rstr(r)),
                     ("name", lambda: rstr(r)),
                     (r.choice(["signedAt", "signed_at"]), lambda: rtime(r, NOW, None)),
                     (r.choice(["signatureType", "signature_type"]),
                      lambda: r.choice(["bankid", "draw", "type"]))):
        if r.random() < 0.7:
            s[key] = maybe(r, gen(), 0.85)
    return s


def extras(r, obj):
    for _ in range(r.choice([0, 0, 1, 2, 4])):
        key = r.choice(["note", "meta", "n", "list", "nested", "__proto__", "constructor",
                        "", "0", "1e3", "ünïcode", "toString"])
        obj[key] = r.choice([rstr(r), r.randint(-10 ** 6, 10 ** 6), r.random(), None, True,
                             [1, "two", {"three": 3}], {"deep": {"er": [[]]}},
                             9 * 10 ** r.randint(15, 90), -1.5e300, 5e-324, 0.1, -0.0,
                             2 ** 53 + 1, 1e22, 123456789.123456789])
    return obj


def provider_body(r, provider, now, tolerance):
    t = r.choice(TYPES[provider]) if r.random() < 0.85 else r.choice(OTHER_TYPES)
    when = rtime(r, now, tolerance)
    if provider == "sajn":
        data = {}
        for key in ("documentId", "documentName", "externalId", "signerId", "signerEmail",
                    "signerName", "signedAt", "signatureType", "reason"):
            if r.random() < 0.6:
                data[key] = maybe(r, rstr(r) if not key.endswith("At") else rtime(r, NOW, None))
        body = {"event": maybe(r, t, 0.95), "timestamp": when,
                "organizationId": maybe(r, "org_" + rstr(r)), "data": maybe(r, data, 0.9)}
        if r.random() < 0.1:
            del body["timestamp"]
    else:
        data = {"document": maybe(r, document(r), 0.9)}
        if r.random() < 0.6:
            data["signer"] = maybe(r, signer(r), 0.9)
        if r.random() < 0.3:
            data["reason"] = maybe(r, rstr(r))
        if r.random() < 0.3:
            data[r.choice(["downloadUrl", "download_url"])] = maybe(r, "https://x.example/" + rstr(r))
        body = {"id": idv(r, "evt_"), "data": maybe(r, data, 0.9)}
        if provider == "propper":
            body["type"] = maybe(r, t, 0.95)
            body["created"] = when
        else:
            if r.random() < 0.8:
                body["type"] = maybe(r, t, 0.9)
            if r.random() < 0.3:
                body["event"] = maybe(r, t, 0.9)
            body[r.choice(["timestamp", "createdAt", "created_at", "created"])] = when
        if r.random() < 0.1:
            del body["id"]
    extras(r, body)
    keys = list(body)
    r.shuffle(keys)
    return {k: body[k] for k in keys}


def encode(r, obj):
    roll = r.random()
    if roll < 0.6:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    elif roll < 0.8:
        text = json.dumps(obj, ensure_ascii=True, indent=r.choice([None, 1, 2]))
    else:
        text = json.dumps(obj, ensure_ascii=False, indent="\t")
    return text.encode("utf-8")


def mutate(r, raw, provider):
    """Adversarial changes to a body (after signing or before; the caller decides)."""
    roll = r.random()
    if roll < 0.12:
        return raw[:r.randint(0, max(0, len(raw) - 1))]  # truncated
    if roll < 0.2:
        return b"\xef\xbb\xbf" + raw  # BOM
    if roll < 0.3:
        bad = r.choice([b"\xff", b"\xfe", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80",
                        b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80", b"\xf0\x9f\x98"])
        at = r.randint(0, len(raw))
        return raw[:at] + bad + raw[at:]  # invalid UTF-8
    if roll < 0.38:
        depth = r.choice([126, 127, 128, 129, 130, 1000, 100000])
        opener, closer = r.choice([("[", "]"), ('{"a":', "}")])
        inner = opener * (depth - 1) + ("1" if opener != "[" else "") + closer * (depth - 1)
        return raw[:-1] + b',"deep":' + inner.encode() + b"}" if raw.endswith(b"}") else raw
    if roll < 0.48:
        num = r.choice(["1e309", "-1e400", "1" + "0" * 400, "9" * 90, "1e-400", "-0",
                        "0.1e1", "1E+2", "01", "1.", ".5", "+1", "NaN", "Infinity", "-Infinity",
                        "0x10", "1_000", "123456789012345678901234567890",
                        "2.2250738585072011e-308", "1.7976931348623157e308",
                        "1.7976931348623158e308", "4.9406564584124654e-324",
                        "0.30000000000000004441", "9007199254740993"])
        return raw[:-1] + b',"num":' + num.encode() + b"}" if raw.endswith(b"}") else raw
    if roll < 0.55:
        return r.choice([b"", b" ", b"null", b"[]", b"[{}]", b'"str"', b"42", b"true", b"{}",
                         b"{", b"}", b"{}{}", b"{} x", b"\x00", b"{'a':1}", b'{"a":1,}',
                         b'{"a":1 /* c */}', b"\n\t{\"type\":\"x\",\"event\":\"y\"}\r\n"])
    if roll < 0.62:
        esc = r.choice([b'"\\ud800"', b'"\\udfff x"', b'"\\ud83d\\ude00"', b'"\\u0000"',
                        b'"\\uZZZZ"', b'"\\x41"', b'"raw\x01ctl"', b'"\\/"', b'"\\u00e9"'])
        key = r.choice([b'"note"', b'"type"', b'"event"', b'"id"'])
        return raw[:-1] + b"," + key + b":" + esc + b"}" if raw.endswith(b"}") else raw
    if roll < 0.7:
        return b"  \r\n" + raw + b"\n\t "  # surrounding whitespace (valid JSON)
    if roll < 0.75:
        # a repeated key: the last one wins everywhere
        field = {"sajn": b"event", "propper": b"type", "krebit": b"type"}[provider]
        val = r.choice(TYPES[provider]).encode()
        return raw[:-1] + b',"' + field + b'":"' + val + b'"}' if raw.endswith(b"}") else raw
    return raw


# --------------------------------------------------------------------------- secrets, headers

def rsecret(r):
    roll = r.random()
    if roll < 0.65:
        return "whsec_" + "".join(r.choice(string.ascii_letters + string.digits)
                                  for _ in range(r.randint(8, 40)))
    if roll < 0.75:
        return "whsec_" + r.choice(["sécret", "ключ", "秘密", "🔑", "a b", "tab\tinside"])
    if roll < 0.985:
        return {"base64": base64.b64encode(bytes(r.randrange(256) for _ in range(
            r.choice([1, 16, 32, 64, 65, 200])))).decode()}
    # Invalid at construction: empty or padded.
    return r.choice(["", " whsec_padded", "whsec_padded\n", "\twhsec_tab", {"base64": ""}])


def key_bytes(secret):
    return g.secret_key(secret)


def mac(secret, raw):
    return hmac.new(key_bytes(secret), raw, hashlib.sha256).hexdigest()


ASCII_WHITESPACE = [" ", "  ", "\t", " \t ", "\n", "\r\n", "\x0c"]
# Whitespace to Python but not to HTTP (and characters that only look like it).
OTHER_WHITESPACE = ["\x0b", "\u00a0", "\u2003", "\u3000", "\u200b", "\ufeff", "\x1c", "\x85"]


def ws(r):
    return r.choice(OTHER_WHITESPACE if r.random() < 0.15 else ASCII_WHITESPACE)


def candidate(r, provider, hexdigest):
    """One signature candidate for hexdigest, as a provider or a proxy might write it."""
    roll = r.random()
    h = hexdigest
    if roll < 0.15:
        h = h.upper()
    elif roll < 0.25:
        h = "".join(c.upper() if r.random() < 0.5 else c for c in h)
    prefix = "sha256=" if provider == "propper" else ""
    roll = r.random()
    if roll < 0.06:
        prefix = r.choice(["SHA256=", "Sha256=", "sha256:", "sha1=", "v1=", "sha256 =",
                           "sha256=sha256=", "=", "sha256"])
    elif roll < 0.1 and provider != "propper":
        prefix = "sha256="
    elif roll < 0.14 and provider == "propper":
        prefix = ""
    return prefix + h


def junk_candidate(r, provider, hexdigest):
    prefix = "sha256=" if provider == "propper" else ""
    return r.choice([
        prefix + hexdigest[:-1], prefix + hexdigest + "0", prefix + hexdigest[:32],
        prefix + "g" * 64, prefix + "0" * 64, prefix, prefix + hexdigest[1:] + "G",
        prefix + "+" + hexdigest[1:], prefix + "é" * 32, "t=1767225600,v1=" + hexdigest,
        prefix + hexdigest.replace(hexdigest[5], "\u0660", 1),  # an Arabic-Indic digit
        prefix + base64.b64encode(bytes.fromhex(hexdigest)).decode(),
    ])


def signature_value(r, provider, digests, wrong):
    """The value(s) of the signature header: good candidates for `digests`, junk, joined."""
    parts = [candidate(r, provider, d) for d in digests]
    for _ in range(r.choice([0, 0, 0, 1, 2, 3, 7])):
        parts.insert(r.randint(0, len(parts)), r.choice([
            candidate(r, provider, wrong), junk_candidate(r, provider, wrong)]))
    sep = r.choice([", ", ",", " ", ",,", " , ", "\t", ", \t", ws(r)])
    value = sep.join(parts)
    if r.random() < 0.3:
        value = ws(r) + value
    if r.random() < 0.3:
        value = value + ws(r)
    if r.random() < 0.03:
        value = r.choice(["", " ", ",", ", ,", "\t", "\u00a0"])
    return value


def header_name(r, name):
    roll = r.random()
    if roll < 0.4:
        return name
    if roll < 0.7:
        return name.lower()
    if roll < 0.8:
        return name.upper()
    if roll < 0.95:
        return "".join(c.upper() if r.random() < 0.5 else c.lower() for c in name)
    return r.choice([name + " ", " " + name, name.replace("-", "_"), name + "s",
                     name.replace("i", "\u0131"), "X-Signature-256", "Signature"])


# --------------------------------------------------------------------------- one case

def make_case(r, ident):
    provider = r.choice(PROVIDERS)
    now = NOW + r.choice([0, 0, 0, 1, -1, 3600, r.randint(-10 ** 7, 10 ** 7)])
    options = {}
    if r.random() < 0.35:
        options["tolerance"] = r.choice([0, 1, 60, 300, 3600, 8 * 3600 + 300, 10 ** 9])
    tolerance = options.get("tolerance")
    secrets = [rsecret(r) for _ in range(r.choice([1, 1, 1, 2, 3]))]
    if r.random() < 0.005:
        secrets = []

    family = r.choice(["valid"] * 16 + ["mutated"] * 12 + ["resigned"] * 8 + ["big"])
    raw = encode(r, provider_body(r, provider, now, tolerance))
    signed_raw = raw
    if family == "mutated":
        raw = mutate(r, raw, provider)
        signed_raw = raw if r.random() < 0.85 else signed_raw  # tampered after signing
    elif family == "resigned":
        raw = mutate(r, raw, provider)
        signed_raw = raw
    elif family == "big":
        # Up to the default limit (1 MiB) and one byte over it.
        pad = r.choice([1000, 20000, 65536, 300000, (1 << 20) - len(raw) - 9,
                        (1 << 20) - len(raw) - 8])
        raw = raw[:-1] + b',"pad":"' + b"x" * max(0, pad) + b'"}' if raw.endswith(b"}") else raw
        signed_raw = raw

    if r.random() < 0.25:
        limit = max(len(raw) + r.choice([-1, 0, 1, -100, 100]), r.choice([1, 1, 2, 64]))
        options["max_body_bytes"] = limit if r.random() < 0.98 else r.choice([0, -1])
    if r.random() < 0.01:
        options["tolerance"] = -1

    client_id = None
    if provider == "krebit" and r.random() < 0.4:
        client_id = r.choice(["client_8d41f0", "c", "clïent_ü", "client 7", "CLIENT_8D41F0"])
        options["client_id"] = client_id
    elif provider != "krebit" and r.random() < 0.01:
        options["client_id"] = "client_8d41f0"
    elif provider == "krebit" and r.random() < 0.01:
        options["client_id"] = r.choice(["", " padded ", "client_a,client_b"])

    # Signatures: a configured secret (sometimes not), over the signed bytes.
    usable = [s for s in secrets if key_bytes(s)]
    roll = r.random()
    if roll < 0.6 and usable:
        digests = [mac(r.choice(usable), signed_raw)]
    elif roll < 0.7 and usable:
        digests = [mac(s, signed_raw) for s in usable]  # one per secret (rotation)
    elif roll < 0.85:
        digests = [mac("whsec_someone_else", signed_raw)]
    else:
        digests = []
    wrong = mac("whsec_wrong", signed_raw)

    headers = []
    sig_name = g.SIG_HEADER[provider]
    if r.random() < 0.05:
        sig_name = g.SIG_HEADER[r.choice([p for p in PROVIDERS if p != provider])]
    if digests or r.random() < 0.7:
        if r.random() < 0.15:
            # Repeated headers: the candidates spread over several pairs.
            for d in digests or [wrong]:
                headers.append([header_name(r, sig_name), signature_value(r, provider, [d], wrong)])
            if r.random() < 0.5:
                headers.append([header_name(r, sig_name), signature_value(r, provider, [], wrong)])
        else:
            headers.append([header_name(r, sig_name),
                            signature_value(r, provider, digests, wrong)])
    if provider == "krebit" or r.random() < 0.05:
        roll = r.random()
        cid = client_id or "client_8d41f0"
        ids = []
        if roll < 0.5:
            ids = [cid]
        elif roll < 0.6:
            ids = [" %s\t" % cid]
        elif roll < 0.7:
            ids = [cid, cid]
        elif roll < 0.75:
            ids = ["%s, %s" % (cid, cid)]
        elif roll < 0.8:
            ids = [cid, "client_other"]
        elif roll < 0.85:
            ids = ["%s,client_other" % cid]
        elif roll < 0.9:
            ids = ["", cid.upper()]
        elif roll < 0.93:
            ids = [",", " "]
        for v in ids:
            headers.append([header_name(r, "X-Client-Id"), v])
    for _ in range(r.choice([0, 1, 2])):
        headers.append(r.choice([["Content-Type", "application/json"], ["User-Agent", "x/1"],
                                 ["X-Request-Id", rstr(r)], ["x-signature-extra", "0" * 64],
                                 ["Content-Length", str(len(raw))]]))
    r.shuffle(headers)

    case = {"id": ident, "family": family, "provider": provider, "secrets": secrets,
            "options": options, "headers": headers}
    try:
        case["body"] = raw.decode("utf-8")
    except UnicodeDecodeError:
        case["body_base64"] = base64.b64encode(raw).decode("ascii")
    roll = r.random()
    if roll < 0.04:
        case["now"] = now + r.choice([0.25, 0.5, 0.999, -0.5, -0.001])  # a float clock
    elif roll < 0.05:
        case["now"] = r.choice([2 ** 60, -2 ** 60, 1e300, -1e300, 2 ** 53, -2 ** 53])
    else:
        case["now"] = now
    if r.random() < 0.003:
        case["provider"] = r.choice(["Propper", "acmesign", ""])
    return case


def case(seed, ident):
    """Case `ident` of `seed`: one generator per case, so that it is reproduced alone."""
    return make_case(random.Random("%s/%d" % (seed, ident)), ident)


def cases(count, seed, start=0):
    for i in range(start, start + count):
        yield case(seed, i)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    seed = sys.argv[2] if len(sys.argv) > 2 else "1"
    out = sys.stdout
    for case in cases(count, seed):
        out.write(json.dumps(case, ensure_ascii=True, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
