// Flashcard keyboard shortcuts: Space/Enter reveal (then Space/Enter = Good), 1-4 rate, u undo.
// The page works without this script: reveal is a link, ratings are plain form buttons.
(function () {
  "use strict";
  var card = document.getElementById("flashcard");
  var shownAt = Date.now();
  var submitted = false;

  function typing(event) {
    var t = event.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function revealed() {
    return card && card.getAttribute("data-revealed") === "true";
  }

  function reveal() {
    if (!card || revealed()) { return; }
    card.setAttribute("data-revealed", "true");
    document.getElementById("card-back").hidden = false;
    document.getElementById("ratings").hidden = false;
    var row = card.querySelector(".reveal-row");
    if (row) { row.hidden = true; }
    var good = card.querySelector('button[data-key="3"]');
    if (good) { good.focus(); }
  }

  function rate(value) {
    if (!revealed() || submitted) { return; }
    var button = card.querySelector('button.rate[data-key="' + value + '"]');
    if (button) { submitted = true; button.click(); }
  }

  // A busy server (503, its write lock taken) is asked once more after its Retry-After; the
  // answer's client id makes a repeat harmless. Anything else is shown as the server sent it:
  // the form is submitted natively with the same values.
  function send(form, button, retries) {
    var data = new FormData(form);
    if (button && button.name) { data.append(button.name, button.value); }
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                         redirect: "manual" })
      .then(function (response) {
        if (response.type === "opaqueredirect") {  // stored: the next card is on this page
          window.location.assign(window.location.href.split("#")[0]);
          return;
        }
        if (response.status === 503 && retries > 0) {
          var wait = parseInt(response.headers.get("Retry-After") || "1", 10);
          window.setTimeout(function () { send(form, button, retries - 1); },
                            Math.min(Math.max(wait, 1), 10) * 1000);
          return;
        }
        submitNatively(form, button);
      })
      .catch(function () { submitNatively(form, button); });
  }

  function submitNatively(form, button) {
    if (button && button.name) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = button.name; input.value = button.value;
      form.appendChild(input);
    }
    form.setAttribute("data-native", "true");
    form.submit();
  }

  function undo() {
    var button = document.querySelector('button[data-key="u"]');
    if (button) { button.click(); }
  }

  if (card) {
    var link = document.getElementById("reveal");
    if (link) {
      link.addEventListener("click", function (event) { event.preventDefault(); reveal(); });
      if (!revealed()) { link.focus(); }
    }
    var ratings = document.getElementById("ratings");
    if (ratings) {
      ratings.addEventListener("submit", function (event) {
        var field = ratings.querySelector('input[name="duration_ms"]');
        if (field) { field.value = String(Math.min(Date.now() - shownAt, 3600000)); }
        submitted = true;
        if (window.fetch && !ratings.hasAttribute("data-native")) {
          event.preventDefault();
          card.hidden = true;  // as a page change would: the next card replaces it
          send(ratings, event.submitter, 1);
        }
      });
    }
  }

  document.addEventListener("keydown", function (event) {
    if (typing(event) || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key;
    if (key === " " || key === "Enter") {
      if (!card) { return; }
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
})();
