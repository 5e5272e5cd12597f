// Resumable upload over tus 1.0 (the server is evidence/tus.py): the file goes up in 4 MiB requests with
// a progress bar; a broken request is resumed from the offset the server reports.
(function () {
  "use strict";
  var CHUNK = 4 * 1024 * 1024;
  function b64(text) { return btoa(unescape(encodeURIComponent(text))); }
  function message(response, fallback) {
    return response.json().then(function (body) {
      var errs = body && body.errors ? Object.values(body.errors).flat() : [];
      return errs.length ? errs.join(" ") : fallback;
    }).catch(function () { return fallback; });
  }
  document.querySelectorAll("form.tus-upload").forEach(function (form) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var input = form.querySelector("input[type=file]");
      var bar = form.querySelector("progress");
      var note = form.querySelector(".upload-msg");
      var button = form.querySelector("button");
      var file = input.files[0];
      if (!file) { note.textContent = form.dataset.choose; return; }
      var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
      var base = {"Tus-Resumable": "1.0.0", "X-CSRFToken": csrf};
      var meta = {filename: file.name, "case": form.dataset.case, record: form.dataset.record};
      // The labels of R-AV-5 given on the form: device, start and end (China time, as typed).
      form.querySelectorAll("[data-meta]").forEach(function (el) {
        if (el.value) meta[el.dataset.meta] = el.value;
      });
      var header = Object.keys(meta).map(function (k) { return k + " " + b64(String(meta[k])); }).join(",");
      button.disabled = true;
      note.textContent = "";
      var created = await fetch(form.dataset.endpoint, {method: "POST", credentials: "same-origin",
        headers: Object.assign({"Upload-Length": String(file.size), "Upload-Metadata": header}, base)});
      if (created.status !== 201) {
        note.textContent = await message(created, form.dataset.failed);
        button.disabled = false;
        return;
      }
      var url = created.headers.get("Location");
      var offset = 0, retries = 0;
      while (offset < file.size) {
        var response;
        try {
          response = await fetch(url, {method: "PATCH", credentials: "same-origin", body: file.slice(offset, offset + CHUNK),
            headers: Object.assign({"Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream"}, base)});
        } catch (err) {
          if (++retries > 5) { note.textContent = form.dataset.failed; button.disabled = false; return; }
          var head = await fetch(url, {method: "HEAD", credentials: "same-origin", headers: base});
          offset = parseInt(head.headers.get("Upload-Offset") || "0", 10);
          continue;
        }
        if (response.status !== 204) {
          note.textContent = await message(response, form.dataset.failed);
          button.disabled = false;
          return;
        }
        offset = parseInt(response.headers.get("Upload-Offset"), 10);
        bar.value = Math.round(offset * 100 / file.size);
        bar.textContent = bar.value + "%";
      }
      note.textContent = form.dataset.done;
      window.setTimeout(function () { window.location.reload(); }, 400);
    });
  });
})();
