// The live quiz's host and player screens: poll the game's state (a 304 while nothing moved),
// swap in the panel the server renders, count the seconds down, and send moves and answers
// without a page load. Host keys: Enter = the main move, p = pause/resume, s = skip.
// Without this script every page still works: moves and answers are forms, and a "Refresh"
// link reloads the page.
(function () {
  "use strict";
  var root = document.getElementById("live-panel");
  if (!root) { return; }
  var isHost = root.getAttribute("data-role") === "host";
  var stateUrl = root.getAttribute("data-state-url");
  var pollMs = parseInt(root.getAttribute("data-poll-ms") || "1500", 10);
  var etag = null;
  var endsAt = null;
  var autoRevealSent = false;
  var busy = false;
  // The server still takes an answer this long after the deadline (game.LATE_GRACE: one sent
  // at the last moment arrives a little later), so the host's screen waits as long to reveal.
  var REVEAL_GRACE_MS = 1000;

  function screen() { return root.querySelector(".live-screen"); }
  function phase() { var s = screen(); return s ? s.getAttribute("data-phase") : ""; }
  function version() { var s = screen(); return s ? s.getAttribute("data-version") : ""; }

  function typing() {
    var el = document.activeElement;
    return el && root.contains(el) && /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
  }

  // Replace the panel; keep focus on the same move for the host, on the first field or
  // button for a player.
  // Screen readers hear what changed through one live region that stays on the page (a
  // region swapped in with the panel would not be announced): the panel's [data-announce]
  // lines, when they differ from the last ones read.
  var announcer = document.getElementById("live-announce");
  var announced = "";

  function announce(text) {
    if (!announcer || !text || text === announced) { return; }
    announced = text;
    announcer.textContent = text;
  }

  function announcePanel() {
    var lines = Array.prototype.filter.call(root.querySelectorAll("[data-announce]"),
      function (el) { return !el.hidden; })
      .map(function (el) { return el.textContent.replace(/\s+/g, " ").trim(); });
    announce(lines.join(". "));
  }

  function swap(html) {
    var focusedMove = null;
    var active = document.activeElement;
    if (active && root.contains(active) && active.form) {
      var moveField = active.form.querySelector('input[name="move"]');
      focusedMove = moveField ? moveField.value : null;
    }
    var before = version() + ":" + phase();
    root.innerHTML = html;
    startCountdown();
    announcePanel();
    var after = version() + ":" + phase();
    if (before !== after) { autoRevealSent = false; }
    var target = null;
    if (focusedMove) {
      var field = root.querySelector('input[name="move"][value="' + focusedMove + '"]');
      target = field && field.form.querySelector("button");
    }
    if (!target && before !== after) {
      target = root.querySelector("[autofocus], .live-controls button, .live-after-actions a");
    }
    if (target) { target.focus(); }
  }

  // ``sent``: the answer to this page's own move or answer, always shown.
  function apply(data, sent) {
    if (!data || typeof data.html !== "string") { return; }
    // A player typing an answer keeps their field until the game moves on.
    if (!sent && !isHost && typing() && String(data.version) === version()) { return; }
    swap(data.html);
    maybeAutoReveal(data);
  }

  function poll() {
    if (busy) { schedule(); return; }
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(stateUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { return null; }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) { if (data) { apply(data); } })
      .catch(function () { /* offline for a moment: the next poll catches up */ })
      .then(schedule);
  }

  function schedule() {
    if (phase() === "ended") { return; }
    window.setTimeout(poll, document.hidden ? pollMs * 3 : pollMs);
  }

  // ------------------------------------------------------------------ countdown

  function startCountdown() {
    var clock = root.querySelector(".live-countdown");
    if (!clock) { endsAt = null; return; }
    var left = parseInt(clock.getAttribute("data-remaining-ms") || "0", 10);
    endsAt = clock.getAttribute("data-paused") === "true" ? null : Date.now() + left;
  }

  function tick() {
    var clock = root.querySelector(".live-countdown");
    if (!clock || endsAt === null) { return; }
    var left = Math.max(endsAt - Date.now(), 0);
    var seconds = Math.ceil(left / 1000);
    var figure = clock.querySelector(".live-seconds");
    if (figure && figure.textContent !== String(seconds)) {
      figure.textContent = String(seconds);
      clock.classList.toggle("is-ending", seconds <= 5);
      var words = clock.querySelector(".live-seconds-text");
      if (words) { words.textContent = seconds + " seconds left"; }
    }
    if (left === 0) { timeUp(); }
  }

  function timeUp() {
    if (isHost) {
      if (endsAt !== null && Date.now() >= endsAt + REVEAL_GRACE_MS) { autoReveal(); }
      return;
    }
    var form = root.querySelector(".live-answer-form");
    if (!form || form.getAttribute("data-closed")) { return; }
    form.setAttribute("data-closed", "true");
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = true; });
    var note = root.querySelector(".live-times-up");
    if (note) { note.hidden = false; announce(note.textContent); }
  }

  // The host's screen shows the results by itself when time is up or everyone answered.
  function maybeAutoReveal(data) {
    if (isHost && data.phase === "question" && data.players > 0 && data.answered >= data.players) {
      autoReveal();
    }
  }

  function autoReveal() {
    if (autoRevealSent || phase() !== "question") { return; }
    var field = root.querySelector('input[name="move"][value="reveal"]');
    if (!field) { return; }
    autoRevealSent = true;
    send(field.form);
  }

  // ------------------------------------------------------------------ moves and answers

  function send(form) {
    busy = true;
    var body = new FormData(form);
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Live-Fragment": "1", "Accept": "application/json" }
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; },
          function () { return { ok: false, data: null }; });
      })
      .then(function (result) {
        if (result.ok) { etag = null; apply(result.data, true); return; }
        if (result.data && result.data.error) { showError(result.data.error); return; }
        form.submit();
      })
      .catch(function () { form.submit(); })
      .then(function () { busy = false; });
  }

  function showError(message) {
    var note = root.querySelector(".live-times-up");
    if (!note) { return; }
    note.textContent = message;
    note.hidden = false;
    announce(message);
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches(".live-move, .live-answer-form")) { return; }
    event.preventDefault();
    if (form.getAttribute("data-closed")) { return; }
    if (form.matches(".live-answer-form")) {
      form.setAttribute("data-closed", "true");
      var button = form.querySelector('button[type="submit"]');
      if (button) { button.disabled = true; }
    }
    send(form);
  });

  // A tap on an option sends it at once, as a timed game wants (the points fall with every
  // second). Clicks made by keys (Space, arrows: event.detail 0) only choose, so a keyboard
  // user moves freely and sends with Enter; the number keys (quiz.js) choose too.
  root.addEventListener("click", function (event) {
    if (isHost || event.detail === 0 || !event.target.closest) { return; }
    var option = event.target.closest(".quiz-option");
    var form = option && option.closest(".live-answer-form");
    if (!form || !/^(multiple_choice|true_false)$/.test(form.getAttribute("data-type") || "")) {
      return;
    }
    var radio = option.querySelector("input[type=radio]");
    if (!radio || radio.disabled || form.getAttribute("data-closed")) { return; }
    radio.checked = true;
    form.requestSubmit();
  });

  // Host keys on the projector. Enter is left to a focused control that takes it (a move's
  // button, focused after every move, presses itself); letters only to fields that type.
  document.addEventListener("keydown", function (event) {
    if (!isHost || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var el = event.target;
    var tag = el && el.tagName ? el.tagName : "";
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(tag) || (el && el.isContentEditable)) { return; }
    if (event.key === "Enter" && /^(BUTTON|A|SUMMARY)$/.test(tag)) { return; }
    var key = event.key === "Enter" ? "Enter" : event.key.toLowerCase();
    var button = root.querySelector('button[data-key="' + key + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });

  startCountdown();
  window.setInterval(tick, 250);
  schedule();
})();
