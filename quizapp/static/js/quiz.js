/* Quiz page enhancements; everything works without them.
 * - keys 1–9 choose a multiple-choice or true/false option (not while typing);
 * - ordering: ↑/↓ buttons, Alt+↑/Alt+↓ and drag and drop move items, position selects stay
 *   in step;
 * - "where is it?": each place's radio button moves onto its marker on the map (arrow keys
 *   still move within the radio group);
 * - feedback and results: focus the main next action so Enter continues;
 * - in place: an answer is one request whose response (the feedback, or the next question)
 *   replaces the screen without a page load, and "Next question" fetches the next one; the
 *   address follows (reload and Back work), a live region says what the new screen shows.
 *   Screens that need a page of their own (results, a map) are loaded as pages; anything
 *   unexpected is left to the browser (the form is sent natively). */
(function () {
  "use strict";

  function isTyping(el) {
    return el && el.matches && el.matches("input[type=text], input[type=number], textarea, select");
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    if (!/^[1-9]$/.test(event.key)) return;
    var radio = document.querySelector('input[type=radio][data-key="' + event.key + '"]');
    if (!radio) return;
    radio.checked = true;
    radio.focus();
    event.preventDefault();
  });

  function renumber(list) {
    var items = list.querySelectorAll(".order-item");
    items.forEach(function (item, index) {
      item.querySelector("select").value = String(index + 1);
    });
  }

  function announce(list, item) {
    var status = document.querySelector("[data-order-status]");
    var items = Array.prototype.slice.call(list.querySelectorAll(".order-item"));
    if (status) {
      status.textContent = item.querySelector(".order-text").textContent + ": position " +
        (items.indexOf(item) + 1) + " of " + items.length;
    }
  }

  function moveTo(list, item, index) {
    var items = Array.prototype.slice.call(list.querySelectorAll(".order-item"));
    items.splice(items.indexOf(item), 1);
    index = Math.max(0, Math.min(index, items.length));
    list.insertBefore(item, items[index] || null);
    renumber(list);
    announce(list, item);
  }

  function moveBy(list, item, step) {
    var items = Array.prototype.slice.call(list.querySelectorAll(".order-item"));
    moveTo(list, item, items.indexOf(item) + step);
  }

  function enhanceOrdering(list) {
    list.querySelectorAll("[data-move]").forEach(function (button) { button.hidden = false; });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      moveBy(list, button.closest(".order-item"), Number(button.dataset.move));
      button.focus();
    });
    list.addEventListener("change", function (event) {
      if (!event.target.matches("select")) return;
      moveTo(list, event.target.closest(".order-item"), Number(event.target.value) - 1);
      event.target.focus();
    });
    list.addEventListener("keydown", function (event) {
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      var item = event.target.closest(".order-item");
      if (!item) return;
      event.preventDefault();
      var focused = document.activeElement;
      moveBy(list, item, event.key === "ArrowUp" ? -1 : 1);
      if (focused) focused.focus();
    });
    enableDragging(list);
  }

  /* Drag and drop (mouse): drop an item on another to take its place. */
  function enableDragging(list) {
    var dragged = null;
    list.querySelectorAll(".order-item").forEach(function (item) { item.draggable = true; });
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest(".order-item");
      if (!dragged) return;
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.querySelector(".order-text").textContent);
    });
    list.addEventListener("dragover", function (event) {
      if (dragged && event.target.closest(".order-item")) event.preventDefault();
    });
    list.addEventListener("drop", function (event) {
      var target = event.target.closest(".order-item");
      if (!dragged || !target) return;
      event.preventDefault();
      var items = Array.prototype.slice.call(list.querySelectorAll(".order-item"));
      moveTo(list, dragged, items.indexOf(target));
    });
    list.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
    });
  }

  /* Positions come as percentages of the map's box (CSSOM styles are allowed by the CSP). */
  function placeOnMap(board) {
    board.querySelectorAll("[data-left][data-top]").forEach(function (item) {
      item.style.left = item.dataset.left + "%";
      item.style.top = item.dataset.top + "%";
    });
    board.classList.add("is-on-map");
  }

  /* A screen's controls; after a swap the focus goes where a page load would put it. */
  function enhance(root, swapped) {
    root.querySelectorAll("[data-ordering]").forEach(enhanceOrdering);
    root.querySelectorAll("[data-where-map]").forEach(placeOnMap);
    /* The verdict stays in view: focusing the button must not scroll the page to it. */
    var next = root.querySelector("[data-autofocus]") || (swapped && root.querySelector("[autofocus]"));
    if (next) next.focus({ preventScroll: true });
  }

  enhance(document, false);

  function screen() { return document.getElementById("quiz-screen"); }
  var busy = false;

  function show(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var next = holder.querySelector("#quiz-screen");
    if (!next || !screen()) return false;
    screen().replaceWith(next);
    document.title = next.dataset.title + " · quizapp";
    history.pushState({ quizScreen: true }, "", next.dataset.url);
    window.scrollTo(0, 0);
    var announcer = document.getElementById("quiz-announcer");
    var heading = next.querySelector(".feedback-title");
    if (announcer) announcer.textContent = heading ? heading.textContent.trim() + ". " + next.dataset.title : next.dataset.title;
    enhance(next, true);
    return true;
  }

  /* One request for the next screen; `fallback` when it cannot be shown in place. */
  function fetchScreen(url, options, fallback) {
    busy = true;
    options.credentials = "same-origin";
    options.headers = { "X-Quiz-Fragment": "1" };
    options.redirect = "manual";
    fetch(url, options).then(function (response) {
      var page = response.headers.get("X-Quiz-Next");
      if (response.status === 204 && page) { window.location.assign(page); return null; }
      if (response.status !== 200) { fallback(); return null; }
      return response.text().then(function (html) {
        busy = false;
        if (!show(html)) fallback();
      });
    }).catch(fallback);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!window.fetch || !window.FormData || !screen() || !screen().contains(form) ||
        !form.matches(".quiz-answer") || form.hasAttribute("data-native")) return;
    event.preventDefault();
    if (busy) return;  /* a double press sends one answer */
    fetchScreen(form.action, { method: "POST", body: new FormData(form) }, function () {
      form.setAttribute("data-native", "true");
      form.submit();
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#quiz-screen a[data-in-place]");
    if (!link || !window.fetch || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (busy) return;
    fetchScreen(link.href, { method: "GET" }, function () { window.location.assign(link.href); });
  });

  /* Back and Forward over screens shown in place: the page at that address. */
  window.addEventListener("popstate", function () { window.location.reload(); });
})();
