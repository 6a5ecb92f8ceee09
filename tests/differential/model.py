"""The reference model the differential test compares against, and the known ways the
implementations differ from it.

`expected(case)` is tests/vectors/generate.py's `reference_outcome` (an independent model of
the acceptance rule, written from the spec) plus the payload as Python's `json.loads` of the
body, extended with one rule of docs/arguments.md the reference model does not check (a
negative `max_body_bytes` is INVALID_CONFIG, like 0).

When every implementation agrees on an answer the model does not give, the disagreement is
one of two things: a bug in the implementations, or a rule the spec leaves open and the model
reads differently. Each rule the implementations are known to read differently is a
`Deviation` below: a variant of the model with that one rule changed. A disagreement that one
of these variants explains is counted and reported under its name; anything else fails.
run.py --strict fails on the known ones too.
"""

import base64
import contextlib
import json
import math
import os
import re
import sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors"))
import generate  # noqa: E402

ASCII_WHITESPACE = " \t\n\r\x0c"
# Python's str.strip() and re's \s (what the reference model uses) also treat these as
# whitespace: VT, FS..US, NEL, NBSP, OGHAM SPACE, U+2000..U+200A, LS, PS, NNBSP, MMSP, U+3000.
UNICODE_ONLY_WHITESPACE = "".join(
    chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) not in ASCII_WHITESPACE)
# Stand-ins for those characters that no rule treats as whitespace (private use).
STAND_INS = "".join(chr(0xE000 + i) for i in range(len(UNICODE_ONLY_WHITESPACE)))
TO_STAND_IN = str.maketrans(UNICODE_ONLY_WHITESPACE, STAND_INS)
FROM_STAND_IN = str.maketrans(STAND_INS, UNICODE_ONLY_WHITESPACE)


def body_bytes(case):
    if "body" in case:
        return case["body"].encode("utf-8")
    return base64.b64decode(case["body_base64"])


def canon(value):
    """A payload for comparison: numbers as floats (an int too large for one is infinite)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return float("inf") if value > 0 else float("-inf")
    if isinstance(value, float):
        return value
    if isinstance(value, list):
        return [canon(v) for v in value]
    return {k: canon(v) for k, v in value.items()}


def _reference(case):
    options = case.get("options", {})
    limit = options.get("max_body_bytes")
    if isinstance(limit, int) and limit < 0:
        return {"error": "INVALID_CONFIG"}  # docs/arguments.md: a whole number >= 1
    now = case["now"]
    if isinstance(now, float) or abs(now) > 2 ** 53:
        # docs/arguments.md: the fraction of `now` is dropped (rounded down); beyond +-2^53 it
        # is INVALID_CONFIG. The reference model takes whole seconds only.
        if abs(now) > 2 ** 53:
            construction = generate.reference_outcome(dict(case, body="", headers=[]))
            if construction == {"error": "INVALID_CONFIG"}:
                return construction
            return {"error": "INVALID_CONFIG"}
        case = dict(case, now=math.floor(now))
    try:
        got = generate.reference_outcome(case)
    except Exception as error:  # noqa: BLE001 - a model that cannot decide is a disagreement
        return {"crash": "model: %s: %s" % (type(error).__name__, error)}
    if "error" in got:
        return got
    return {"event": got["event"], "payload": canon(json.loads(body_bytes(case).decode("utf-8")))}


def expected(case):
    """The model's outcome: {"error": code} or {"event": fields, "payload": value}."""
    return _reference(case)


# --------------------------------------------------------------------------- deviations


@contextlib.contextmanager
def _patched(**replacements):
    saved = {name: getattr(generate, name) for name in replacements}
    for name, value in replacements.items():
        setattr(generate, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(generate, name, value)


def _ascii_whitespace(case, run):
    """Header values are split and trimmed on ASCII whitespace only."""
    if not any(set(v) & set(UNICODE_ONLY_WHITESPACE) for _, v in case["headers"]):
        return None
    variant = dict(case, headers=[[n, v.translate(TO_STAND_IN)] for n, v in case["headers"]])
    got = run(variant)
    if "event" in got and got["event"]["client_id"] is not None:
        got["event"]["client_id"] = got["event"]["client_id"].translate(FROM_STAND_IN)
    return got


_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
                   r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$")
FIRST_SECOND = -62167219200  # 0000-01-01T00:00:00Z
LAST_SECOND = 253402300799  # 9999-12-31T23:59:59Z


def _days_from_civil(y, m, d):
    """Days since 1970-01-01 of a proleptic Gregorian date."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _days_in_month(y, m):
    if m == 2:
        return 29 if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def _whole_second_time(v):
    """An event time read to the whole second: the fraction is ignored; the date must exist
    (year 0000 included); second 60 is the next minute's first; offsets up to 23:59."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return Fraction(v) if FIRST_SECOND <= v <= LAST_SECOND else None
    if not isinstance(v, str):
        return None
    m = _TIME.match(v)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    if not (1 <= mo <= 12 and 1 <= d <= _days_in_month(y, mo) and h <= 23 and mi <= 59
            and s <= 60):
        return None
    t = _days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s
    if m.group(9):
        hh, mm = int(m.group(10)), int(m.group(11))
        if hh > 23 or mm > 59:
            return None
        off = hh * 3600 + mm * 60
        t -= off if m.group(9) == "+" else -off
    return Fraction(t)


def _time_to_the_second(case, run):
    with _patched(_parse_time=_whole_second_time):
        return run(case)


def _iso_four_digit_years(ts):
    """Unix seconds as ISO 8601 UTC for the years 0000-9999; None beyond."""
    if not FIRST_SECOND <= ts <= LAST_SECOND:
        return None
    days, secs = divmod(ts, 86400)
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y = yoe + era * 400 + (m <= 2)
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (y, m, d, secs // 3600, secs // 60 % 60, secs % 60)


def _lenient_64(v):
    if isinstance(v, int) and not isinstance(v, bool) and not -2 ** 63 <= v < 2 ** 64:
        return None
    return _LENIENT(v)


_LENIENT = generate._lenient_str


def _integer_range(case, run):
    """Integers are read as text only within 64 bits (-2^63 .. 2^64-1), and Unix-seconds times
    only for the years 0000-9999; beyond, the field is null."""
    with _patched(_lenient_str=_lenient_64, iso=_iso_four_digit_years,
                  _parse_time=_time_in_range(generate._parse_time)):
        return run(case)


def _time_in_range(parse):
    def parse_time(v):
        if isinstance(v, int) and not isinstance(v, bool) and not (
                FIRST_SECOND <= v <= LAST_SECOND):
            return None
        return parse(v)
    return parse_time


class _Json:
    """generate.py's `json`, with integers that no double holds refused like such floats."""

    dumps = staticmethod(json.dumps)

    @staticmethod
    def loads(text, **kw):
        def parse_int(s):
            n = int(s)
            try:
                float(n)
            except OverflowError:
                raise ValueError("integer out of range") from None
            return n
        return json.loads(text, parse_int=parse_int, **kw)


def _no_double_no_integer(case, run):
    """An integer no 64-bit float holds (beyond ~1.8e308) is INVALID_PAYLOAD, as 1e400 is."""
    with _patched(json=_Json):
        return run(case)


class Deviation:
    def __init__(self, name, summary, variant):
        self.name = name
        self.summary = summary
        self.variant = variant


DEVIATIONS = [
    Deviation("ascii-whitespace",
              "signature and X-Client-Id values are split and trimmed on ASCII whitespace only "
              "(SP HT LF FF CR); the model uses Python's Unicode whitespace (VT, FS-US, NEL, "
              "NBSP, U+2000-U+200A, U+3000 ...)", _ascii_whitespace),
    Deviation("time-rules",
              "event times are compared to the whole second (a fraction is ignored), a leap "
              "second (:60) is the next minute's first second, year 0000 is a year, and an "
              "offset is at most 23:59; the model compares exact fractions, refuses :60 and "
              "year 0000, and takes any two-digit offset", _time_to_the_second),
    Deviation("integer-range",
              "integers are read as text only within 64 bits (-2^63 .. 2^64-1), and Unix "
              "seconds become an event time only for the years 0000-9999; beyond, the field "
              "is null (the model reads any integer, and cannot write years 0000 or past "
              "9999)", _integer_range),
    Deviation("huge-integers",
              "an integer no double holds (a 400-digit number) is INVALID_PAYLOAD like 1e400; "
              "the model accepts it (Python ints are unbounded)", _no_double_no_integer),
]


def explain(case, got):
    """The names of the deviations that explain why `got` (every implementation's answer)
    differs from the model: the smallest set whose variants, applied together, give `got`."""
    names = [d.name for d in DEVIATIONS]
    by_name = {d.name: d for d in DEVIATIONS}

    def with_all(chosen):
        run = _reference
        for name in chosen:
            run = (lambda inner, dev: (lambda c: dev.variant(c, inner) or inner(c)))(
                run, by_name[name])
        return run(case)

    for size in range(1, len(names) + 1):
        for combo in _combinations(names, size):
            if with_all(combo) == got:
                return list(combo)
    return None


def _combinations(items, size):
    if size == 0:
        yield ()
        return
    for i, item in enumerate(items):
        for rest in _combinations(items[i + 1:], size - 1):
            yield (item,) + rest

