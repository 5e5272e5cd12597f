"""R-BASE-2, R-BASE-5 in a real browser (Debian's Chromium driven by Playwright) against a real `lawtrail serve` on a
fresh demo database: an administrator logs in, meets the Chinese UI, gets a field-level error for a
bad certificate number, saves a good officer and sees the change in its trail history; the pages fit
a phone screen."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("browser-var")
    env = {**os.environ, "LAWTRAIL_VAR": str(var), "PYTHONPATH": str(ROOT)}
    env.pop("LAWTRAIL_DATABASE_URL", None)
    env.pop("LAWTRAIL_SIGNING_KEY", None)
    subprocess.run([sys.executable, "-m", "lawtrail.cli", "demo"], env=env, check=True, capture_output=True)
    logins = {line.split("\t")[0]: line.split("\t")[2]
              for line in (var / "demo-logins.txt").read_text(encoding="utf-8").splitlines()}
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "lawtrail.cli", "serve", "--port", str(port), "--no-migrate"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/login/", timeout=1)  # noqa: S310 - our own loopback server
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(f"lawtrail serve did not start: {proc.stderr.read().decode()}")
    yield base, logins
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def _login(page, base, username, password):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_admin_records_an_officer_through_the_web(server, browser, tmp_path):
    base, logins = server
    page = browser.new_page(locale="zh-CN")
    _login(page, base, "admin", logins["admin"])
    assert page.locator("h1").inner_text() == "工作台"
    page.click("nav.main >> text=基础信息")
    assert "示例区综合行政执法局" in page.locator("h1").inner_text()
    page.click("a.tile:has-text('执法人员')")
    page.click("text=新建")
    page.fill("#id_name", "林晓")
    page.select_option("#id_unit", label="市容环卫执法中队")
    page.fill("#id_cert_no", "42-0")
    page.fill("#id_category", "城市管理")
    page.fill("#id_area", "示例区")
    page.fill("#id_cert_valid_from", "2025-01-01")
    page.fill("#id_cert_valid_until", "2028-12-31")
    page.click("button:has-text('保存')")
    error = page.locator(".field.has-error .error").first
    assert "执法证件编号 42-0 格式不正确" in error.inner_text()
    assert page.input_value("#id_name") == "林晓"  # what was typed is kept
    page.fill("#id_cert_no", "42011200321")
    page.click("button:has-text('保存')")
    page.wait_for_url(f"{base}/base/officers/*/")
    assert "已保存，变更已记入留痕记录。" in page.inner_text("main")
    assert "registry.officer.create" in page.inner_text("main")
    page.screenshot(path=str(tmp_path / "officer.png"), full_page=True)


def test_login_failure_is_explained_and_english_is_available(server, browser):
    base, _ = server
    page = browser.new_page(locale="zh-CN")
    _login(page, base, "admin", "wrong-password")
    assert "用户名或密码错误" in page.inner_text("main")
    with page.expect_navigation():  # the language menu submits its form on change
        page.select_option("select[name=language]", "en")
    assert page.locator("h1").inner_text() == "Log in"


def test_pages_fit_a_phone_screen(server, browser):
    base, logins = server
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    _login(page, base, "officer", logins["officer"])
    for path in ("/", "/base/officers/", "/trail/"):
        page.goto(base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    context.close()
