"""R-AV-5 and R-ARC-4 in a real browser: an officer uploads a video to a case step from the record page,
watches the progress bar reach 100%, plays the video (served with HTTP Range), and the view is in the
trail. The video is made by Chromium itself (canvas + MediaRecorder), so no encoder is needed."""

from __future__ import annotations

import base64

from tests.web.test_browser import _login, browser, server  # noqa: F401 - shared fixtures
from tests.web.test_case_browser import _shots

MAKE_WEBM = """
async () => {
  const canvas = document.createElement('canvas');
  canvas.width = 160; canvas.height = 120;
  const ctx = canvas.getContext('2d');
  const recorder = new MediaRecorder(canvas.captureStream(25), {mimeType: 'video/webm'});
  const parts = [];
  recorder.ondataavailable = (e) => parts.push(e.data);
  let i = 0;
  const timer = setInterval(() => {
    ctx.fillStyle = `hsl(${(i++) * 12}, 80%, 50%)`;
    ctx.fillRect(0, 0, 160, 120);
  }, 40);
  recorder.start(100);
  await new Promise((r) => setTimeout(r, 1500));
  const stopped = new Promise((r) => { recorder.onstop = r; });
  recorder.stop();
  await stopped;
  clearInterval(timer);
  const bytes = new Uint8Array(await new Blob(parts, {type: 'video/webm'}).arrayBuffer());
  let text = '';
  for (let k = 0; k < bytes.length; k += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(k, k + 0x8000));
  return btoa(text);
}
"""

PLAY = """
async () => {
  const v = document.querySelector('figure.recording video');
  v.muted = true;
  await v.play();
  await new Promise((r) => setTimeout(r, 700));
  return {ready: v.readyState, time: v.currentTime, error: v.error ? v.error.code : null};
}
"""


def test_upload_play_and_the_view_is_in_the_trail(server, browser, tmp_path):  # noqa: F811
    base, logins = server
    shots = _shots(tmp_path)
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    _login(page, base, "officer", logins["officer"])
    page.goto(f"{base}/cases/?q=扬尘紧急")  # the demo filmed nothing of this one
    page.click("table a >> nth=0")
    assert "缺少音像记录" in page.inner_text("main")  # the inspection had to be filmed (R-INV-6)
    page.click("table >> text=现场检查（勘验）笔录")
    video = base64.b64decode(page.evaluate(MAKE_WEBM))
    assert video[:4] == b"\x1a\x45\xdf\xa3"
    page.set_input_files("#recording-file", files=[{"name": "DSJ_0100.webm", "mimeType": "video/webm",
                                                   "buffer": video}])
    with page.expect_navigation():
        page.click("form.tus-upload button")
        page.wait_for_function("document.querySelector('form.tus-upload progress').value === 100")
    assert "DSJ_0100.webm" in page.inner_text("main")
    played = page.evaluate(PLAY)
    assert played["error"] is None and played["ready"] >= 2 and played["time"] > 0, played
    page.screenshot(path=str(shots / "recording.png"), full_page=True)
    page.goto(f"{base}/trail/")
    trail = page.inner_text("main")
    assert "播放了" in trail and "上传了音像记录" in trail  # the trail in words (issue 12 §4)
    page.go_back()
    page.click("text=← ")
    assert "缺少音像记录" not in page.inner_text("main")
    page.screenshot(path=str(shots / "case-audio-video.png"), full_page=True)
