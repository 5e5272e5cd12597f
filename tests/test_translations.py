"""Chinese throughout (issue 12 §4): every message of the code has a Simplified Chinese translation that is
neither missing nor fuzzy, and the compiled catalogue the server loads matches the source catalogue."""

from __future__ import annotations

from pathlib import Path

import polib

import lawtrail

LOCALE = Path(lawtrail.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_message_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(LOCALE / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    assert not missing, f"untranslated: {missing}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_the_compiled_catalogue_is_up_to_date():
    po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(LOCALE / "django.po"))
          if e.translated() and not e.obsolete}
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(LOCALE / "django.mo"))
          if e.msgid}
    stale = sorted(k[1] for k in set(po) ^ set(mo)) + sorted(k[1] for k in set(po) & set(mo) if po[k] != mo[k])
    assert not stale, f"run `make messages`: {stale[:10]}"


def test_no_message_of_the_code_is_missing_from_the_catalogue(tmp_path):
    """makemessages over a copy of the code finds no msgid the committed catalogue lacks (a message added to
    the code without `make messages` would show in English on the Chinese UI)."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "lawtrail"
    shutil.copytree(Path(lawtrail.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    admin = Path(sys.executable).parent / "django-admin"
    subprocess.run([str(admin), "makemessages", "-l", "zh_Hans", "--no-obsolete"], cwd=copy, check=True,
                   capture_output=True)
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(LOCALE / "django.po"))}
    new = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed)
    assert not new, f"run `make messages` and translate: {new[:10]}"
