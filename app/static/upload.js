// Upload: one XHR per file (per-file progress), then poll the processing status.
(function () {
  "use strict";
  var script = document.currentScript;
  var uploadUrl = script.dataset.uploadUrl, statusUrl = script.dataset.statusUrl, docUrl = script.dataset.docUrl;
  var t = JSON.parse(document.getElementById("upload-i18n").textContent);
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var tbody = document.querySelector("#queue tbody");
  var pending = {};  // document id -> row

  function cell(row, i) { return row.children[i]; }
  function text(el, value) { el.textContent = value; }

  function addRow(name) {
    var row = document.createElement("tr");
    for (var i = 0; i < 4; i++) row.appendChild(document.createElement("td"));
    text(cell(row, 0), name);
    var bar = document.createElement("progress"); bar.max = 100; bar.value = 0;
    cell(row, 1).appendChild(bar);
    tbody.insertBefore(row, tbody.firstChild);
    return row;
  }

  // The result cell: a note that follows the real status, then (once known) a link to the document.
  function note(row, value) {
    var el = cell(row, 3).querySelector(".note");
    if (!el) { el = document.createElement("span"); el.className = "note"; cell(row, 3).insertBefore(el, cell(row, 3).firstChild); }
    text(el, value);
  }

  function link(row, id) {
    if (cell(row, 3).querySelector("a")) return;
    var a = document.createElement("a"); a.href = docUrl.replace(/0$/, id); a.textContent = t.open;
    cell(row, 3).appendChild(document.createTextNode(" ")); cell(row, 3).appendChild(a);
  }

  function showResult(row, r) {
    row.dataset.state = r.state;
    text(cell(row, 2), t[r.state] || r.state);
    note(row, r.message || "");
    if (r.document_id) { row.dataset.docId = r.document_id; link(row, r.document_id); }
    if (r.state === "queued") pending[r.document_id] = row;
  }

  function upload(file) {
    var row = addRow(file.name), bar = row.querySelector("progress");
    var form = new FormData(); form.append("file", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = function () {
      bar.value = 100;
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      if (xhr.status === 200 && body.results) { body.results.forEach(function (r) { showResult(row, r); }); }
      else { row.dataset.state = "rejected"; text(cell(row, 2), t.rejected); note(row, (body.error && body.error.message) || xhr.statusText); }
    };
    xhr.onerror = function () { row.dataset.state = "rejected"; note(row, t.network); };
    text(cell(row, 2), t.uploading);
    xhr.send(form);
  }

  function poll() {
    var ids = Object.keys(pending);
    if (!ids.length) return;
    fetch(statusUrl + "?ids=" + ids.join(","), {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (body) {
      (body.documents || []).forEach(function (d) {
        var row = pending[d.id]; if (!row) return;
        var progress = d.page_count ? " (" + d.pages_done + "/" + d.page_count + " " + t.pages + ")" : "";
        text(cell(row, 2), (t[d.status] || d.status) + progress);
        row.dataset.state = d.status;
        if (d.status === "done" || d.status === "failed") {
          delete pending[d.id];
          note(row, d.status === "failed" ? (d.error_message || "") : (d.nomor || d.perihal || d.filename || ""));
        } else {
          note(row, t["note_" + d.status] || "");  // never "queued" beside a status that says processing
        }
      });
    }).catch(function () {});
  }
  setInterval(poll, 1500);

  var zone = document.getElementById("dropzone"), input = document.getElementById("file-input");
  function take(files) { Array.prototype.forEach.call(files, upload); }
  input.addEventListener("change", function () { take(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (ev) { zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); }); });
  ["dragleave", "drop"].forEach(function (ev) { zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); }); });
  zone.addEventListener("drop", function (e) { take(e.dataTransfer.files); });
})();
