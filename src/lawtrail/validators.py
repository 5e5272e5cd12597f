"""Checks of values people type in many places — phone numbers, identity numbers — so that every door (web
forms, API, imports, the persons lists inside records) refuses the same bad input with the same message."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# Mobile: 11 digits from 13x–19x, optionally after +86 / 86 / 0086. Landline: area code 0 + 2–3 digits, then
# 7–8 digits (GB/T 11597 numbering), or a local 7–8 digit number; an extension after 转, ext, x, #, - .
# Service numbers 400/800 (10 digits) and the short public hotlines 12xxx (12345, 12315…) and 110/119/120.
_SEPARATORS = re.compile(r"[\s\-－—()（）]")
_MOBILE = re.compile(r"^(?:\+?86|0086)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(?:\+?86|0086)?0\d{2,3}[2-9]\d{6,7}$")
_LOCAL = re.compile(r"^[2-9]\d{6,7}$")
_SERVICE = re.compile(r"^(?:400|800)\d{7}$")
_HOTLINE = re.compile(r"^(?:12\d{3}|110|119|120|122)$")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$", re.IGNORECASE)
_DASH_EXTENSION = re.compile(r"^(.*\d{7,8})-(\d{1,6})$")


def phone_ok(value: str) -> bool:
    """Whether `value` is a Chinese mobile, landline (with or without area code and extension), 400/800 or
    public hotline number. Separators (spaces, hyphens, brackets) are allowed where people write them."""
    text = str(value or "").strip()
    if not text:
        return False
    m = _EXTENSION.search(text)
    if m:
        text = text[:m.start()].strip()
    else:
        dash = _DASH_EXTENSION.match(text)
        if dash and not _plain_ok(_SEPARATORS.sub("", text)):
            text = dash.group(1)
    return _plain_ok(_SEPARATORS.sub("", text))


def _plain_ok(digits: str) -> bool:
    return any(p.match(digits) for p in (_MOBILE, _LANDLINE, _LOCAL, _SERVICE, _HOTLINE))


def phone_problem(value: str, label: str | None = None) -> str | None:
    """A message for a phone number that is not one, or None. Blank is not checked here (required-ness
    belongs to the field)."""
    if not str(value or "").strip() or phone_ok(value):
        return None
    return _("%(label)s: %(value)s is not a phone number; expected a mobile number like 13912345678 or a "
             "landline like 027-88886666 (an extension may follow 转).") % {
        "label": label or _("Phone"), "value": str(value).strip()}


def valid_resident_id(number: str) -> bool:
    """GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def valid_credit_code(code: str) -> bool:
    """GB 32100-2015 unified social credit code: 18 characters, the last a MOD 31 check character."""
    code = code.upper()
    if len(code) != 18 or any(c not in _USCC_CHARS for c in code):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


# An identity document number of any kind (resident ID, passport, Hong Kong/Macao/Taiwan permits, unified
# social credit code, officer's certificate): letters and digits, with the brackets and hyphens some use.
_DOCUMENT_NO = re.compile(r"^[0-9A-Za-z][0-9A-Za-z()（）\-]{3,39}$")


def id_number_problem(value: str) -> str | None:
    """A message for something that cannot be an identity document number (a role or a name typed into
    the ID column, a resident ID with a wrong check digit), or None."""
    text = str(value or "").strip()
    if not text:
        return None
    if not _DOCUMENT_NO.match(text):
        return _("%(value)s is not an identity document number; expected letters and digits, e.g. an 18-digit "
                 "resident identity number.") % {"value": text}
    if re.fullmatch(r"\d{17}[\dXx]", text) and not valid_resident_id(text) and not valid_credit_code(text):
        return _("%(value)s is not a valid 18-digit resident identity number (check digit per GB 11643).") % {
            "value": text}
    return None
