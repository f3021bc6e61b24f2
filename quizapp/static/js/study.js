// Flashcards answered in place: a rating, undo, bury or suspend is one request whose answer
// (the study session's HTML fragment: the next card, the counts, the buttons' intervals)
// replaces the session without a page load. Keys: Space/Enter reveal (then Space/Enter =
// Good), 1-4 rate, u undo. Without this script the page still works: reveal is a link, every
// action is a plain form that redirects back to the study page.
(function () {
  "use strict";
  var shownAt = Date.now();
  var submitted = false;
  var answered = 0;

  function session() { return document.getElementById("study-session"); }
  function card() { return document.getElementById("flashcard"); }

  function typing(event) {
    var t = event.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function revealed() {
    var c = card();
    return c && c.getAttribute("data-revealed") === "true";
  }

  function reveal() {
    var c = card();
    if (!c || revealed()) { return; }
    c.setAttribute("data-revealed", "true");
    document.getElementById("card-back").hidden = false;
    document.getElementById("ratings").hidden = false;
    var row = c.querySelector(".reveal-row");
    if (row) { row.hidden = true; }
    var good = c.querySelector('button[data-key="3"]');
    if (good) { good.focus(); }
  }

  function rate(value) {
    var c = card();
    if (!revealed() || submitted) { return; }
    var button = c.querySelector('button.rate[data-key="' + value + '"]');
    if (button) { button.click(); }
  }

  // The session's progress: cards answered here out of those answered plus those left.
  function showProgress() {
    var bar = document.getElementById("session-progress");
    var root = session();
    if (!bar || !root) { return; }
    var left = parseInt(root.getAttribute("data-left") || "0", 10);
    bar.max = Math.max(answered + left, 1);
    bar.value = answered;
    bar.hidden = false;
  }

  // Focus where the keyboard continues: the reveal link of the next card, else the first
  // enabled button of the session (the "done" page's undo).
  function focusSession() {
    var root = session();
    var target = document.getElementById("reveal") ||
      (root && root.querySelector("button:not([disabled])"));
    if (target) { target.focus(); }
  }

  function swap(html, form) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var next = holder.querySelector("#study-session");
    if (!next) { submitNatively(form, null); return; }
    session().replaceWith(next);
    if (form.id === "ratings") { answered += 1; }
    if (form.action.match(/\/undo$/)) { answered = Math.max(answered - 1, 0); }
    shownAt = Date.now();
    submitted = false;
    showProgress();
    focusSession();
  }

  // A busy server (503, its write lock taken) is asked once more after its Retry-After; the
  // answer's client id makes a repeat harmless. Anything else unexpected is left to the
  // browser: the form is submitted natively with the same values.
  function send(form, data, retries) {
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                         headers: { "X-Study-Fragment": "1" }, redirect: "manual" })
      .then(function (response) {
        if (response.status === 200) {
          return response.text().then(function (html) { swap(html, form); });
        }
        if (response.status === 503 && retries > 0) {
          var wait = parseInt(response.headers.get("Retry-After") || "1", 10);
          window.setTimeout(function () { send(form, data, retries - 1); },
                            Math.min(Math.max(wait, 1), 10) * 1000);
          return;
        }
        submitNatively(form, data);
      })
      .catch(function () { submitNatively(form, data); });
  }

  function submitNatively(form, data) {
    var rating = data && data.get("rating");
    if (rating && !form.querySelector('input[name="rating"]')) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "rating"; input.value = rating;
      form.appendChild(input);
    }
    form.setAttribute("data-native", "true");
    form.submit();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!session() || !session().contains(form) || form.hasAttribute("data-native")) { return; }
    if (!window.fetch || !window.FormData) { return; }
    event.preventDefault();
    if (submitted) { return; }  // a double press sends one answer
    submitted = true;
    var duration = form.querySelector('input[name="duration_ms"]');
    if (duration) { duration.value = String(Math.min(Date.now() - shownAt, 3600000)); }
    var data = new FormData(form);
    var button = event.submitter;
    if (button && button.name) { data.append(button.name, button.value); }
    send(form, data, 1);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#reveal");
    if (link) { event.preventDefault(); reveal(); }
  });

  // The server renders Undo disabled when there is nothing it would undo (before the first
  // answer, or once the last one is undone): then u does nothing.
  function undo() {
    var button = document.querySelector('#study-session button[data-key="u"]');
    if (button && !button.disabled && !submitted) { button.click(); }
  }

  document.addEventListener("keydown", function (event) {
    if (typing(event) || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key;
    if (key === " " || key === "Enter") {
      if (!card()) { return; }
      // Enter on a focused button or link keeps its native meaning.
      if (key === "Enter" && /^(BUTTON|A)$/.test(event.target.tagName) && revealed()) { return; }
      event.preventDefault();
      if (revealed()) { rate("3"); } else { reveal(); }
    } else if (/^[1-4]$/.test(key)) {
      event.preventDefault();
      rate(key);
    } else if (key === "u" || key === "U") {
      event.preventDefault();
      undo();
    }
  });

  if (card() && !revealed()) { focusSession(); }
})();
