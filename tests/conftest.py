"""Shared fixtures: the demo agency (written through the actions, like real data), a second agency
for isolation tests, and logged-in API clients per role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from lawtrail.access import actions as access_actions
from lawtrail.access.models import User
from lawtrail.registry import actions, demo
from lawtrail.registry.models import Agency

PASSWORD = "correct-horse-battery-9"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"  # an MP4's first bytes: what the media sniffer reads


def store_recording(data: bytes | None = None, *, user: str = "officer", **meta):
    """Upload `data` — by default an MP4 head and 3000 random bytes — through the evidence actions as `user`,
    with `meta` (case, record, filename, times…) as the upload's metadata; returns the recording it made."""
    import os

    from lawtrail.evidence import actions as evidence_actions

    uploader = User.objects.get(username=user)
    data = MP4 + os.urandom(3000) if data is None else data
    up = evidence_actions.create_upload(user=uploader, length=len(data),
                                        metadata={k: str(v) for k, v in meta.items()})
    evidence_actions.append_bytes(user=uploader, upload=up, at=0, stream=iter([data]))
    up.refresh_from_db()
    assert up.recording_id, (up.state, up.error)
    return up.recording


@pytest.fixture(autouse=True)
def _signing_key(tmp_path_factory, settings):
    """Every test session signs with its own key file, created at first use like a real first start."""
    path = tmp_path_factory.getbasetemp() / "keys" / "checkpoint-ed25519.pem"
    settings.LAWTRAIL = {**settings.LAWTRAIL, "SIGNING_KEY_PATH": str(path)}
    # The deliberately slow production hasher would spend most of the suite hashing demo passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_agency(db):
    demo.create_demo(today=dt.date.today())  # noqa: DTZ011
    return Agency.objects.get(code=demo.AGENCY_CODE)


@pytest.fixture
def full_demo(demo_agency):
    """The demo as `lawtrail demo` loads it: the agency, its eleven cases of all five families, recordings and
    the case in legal review."""
    from django.utils import translation

    from lawtrail.cases.demo import create_cases
    from lawtrail.evidence.demo import create_recordings
    from lawtrail.review.demo import create_reviews

    with translation.override("zh-hans"):
        create_cases(demo_agency)
        create_recordings(demo_agency)
        create_reviews(demo_agency)
    return demo_agency


def _user(username: str) -> User:
    user = User.objects.get(username=username)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def admin_user(demo_agency):
    return _user("admin")


@pytest.fixture
def officer_user(demo_agency):
    return _user("officer")


@pytest.fixture
def legal_user(demo_agency):
    return _user("legal")


def login(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def admin_client(admin_user) -> Client:
    return login(admin_user)


@pytest.fixture
def officer_client(officer_user) -> Client:
    return login(officer_user)


@pytest.fixture
def other_agency(demo_agency):
    """Agency B with its own administrator, unit and officer."""
    system = User(username="system-setup", is_superuser=True)
    agency = actions.create_agency(user=system, data={"code": "B-001", "name": "另一区城市管理执法局",
                                                      "kind": "organ"})
    admin_b = access_actions.create_user(user=None, agency=agency, username="admin-b", password=PASSWORD,
                                         roles=["administrator"])
    unit = actions.create_unit(user=admin_b, data={"name": "执法大队", "kind": "squad"})
    officer = actions.create_officer(user=admin_b, data={
        "name": "钱七", "unit": unit.pk, "cert_no": "42990000001", "category": "城市管理", "area": "另一区",
        "cert_valid_from": dt.date(2024, 1, 1), "cert_valid_until": dt.date(2030, 1, 1)})
    return {"agency": agency, "admin": admin_b, "unit": unit, "officer": officer}


@pytest.fixture
def walker(demo_agency):
    """Walks cases through the API as the demo's users (tests/walker.py)."""
    from tests.walker import Walker

    return Walker()
