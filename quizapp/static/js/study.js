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
      ratings.addEventListener("submit", function () {
        var field = ratings.querySelector('input[name="duration_ms"]');
        if (field) { field.value = String(Math.min(Date.now() - shownAt, 3600000)); }
        submitted = true;
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
