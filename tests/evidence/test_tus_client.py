"""A standard tus client (tuspy) uploads to a real `lawtrail serve`: one chunk, then a new client process
resumes from the offset the server reports, with the sha1 checksum of every request (R-AV-5)."""

from __future__ import annotations

import hashlib
import os
import re

import requests
from tusclient import client as tus

from tests.web.test_browser import server  # noqa: F401 - the live server fixture


def _session(base: str, username: str, password: str) -> requests.Session:
    s = requests.Session()
    page = s.get(f"{base}/login/", timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    r = s.post(f"{base}/login/", data={"username": username, "password": password, "csrfmiddlewaretoken": token},
               headers={"Referer": f"{base}/login/"}, timeout=10)
    assert r.ok and "sessionid" in s.cookies
    return s


def test_tuspy_uploads_and_resumes(server, tmp_path):  # noqa: F811
    base, logins = server
    s = _session(base, "officer", logins["officer"])
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in s.cookies.items()), "X-CSRFToken": s.cookies["csrftoken"]}
    data = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + os.urandom(3 * 1024 * 1024)
    path = tmp_path / "DSJ_0002.MP4"
    path.write_bytes(data)
    client = tus.TusClient(f"{base}/tus/", headers=headers)
    first = client.uploader(file_path=str(path), chunk_size=1024 * 1024, upload_checksum=True,
                            metadata={"filename": path.name})
    first.upload_chunk()
    url = first.url
    assert requests.head(url, headers={**headers, "Tus-Resumable": "1.0.0"}, timeout=10).headers["Upload-Offset"] \
        == str(1024 * 1024)
    # A new client (another process, the next day) resumes where the server says.
    again = tus.TusClient(f"{base}/tus/", headers=headers).uploader(file_path=str(path), url=url,
                                                                    chunk_size=1024 * 1024, upload_checksum=True)
    assert again.offset == 1024 * 1024
    again.upload()
    status = s.get(url, headers={"Tus-Resumable": "1.0.0"}, timeout=10).json()
    assert status["state"] == "complete" and status["sm3"] == hashlib.new("sm3", data).hexdigest()
