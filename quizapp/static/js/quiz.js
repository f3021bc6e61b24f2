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
  var WAIT_MS = 15000;  /* then the browser sends it itself (an answer is stored once) */

  /* This page's entry is a quiz screen too: Back to it shows it again (see popstate). */
  if (screen() && window.history.replaceState) {
    window.history.replaceState({ quizScreen: true }, "");
  }

  function announce(next) {
    var announcer = document.getElementById("quiz-announcer");
    if (!announcer) return;
    var said = [".flash", ".feedback-title"].map(function (selector) {
      var found = next.querySelector(selector);
      return found ? found.textContent.trim() : "";
    }).filter(Boolean);
    announcer.textContent = said.concat([next.dataset.title]).join(". ");
  }

  function show(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var next = holder.querySelector("#quiz-screen");
    if (!next || !screen()) return false;
    screen().replaceWith(next);
    var suffix = document.title.slice(document.title.lastIndexOf(" · "));
    document.title = next.dataset.title + suffix;
    var same = next.dataset.url === window.location.pathname;
    window.history[same ? "replaceState" : "pushState"]({ quizScreen: true }, "", next.dataset.url);
    window.scrollTo(0, 0);
    announce(next);
    enhance(next, true);
    return true;
  }

  function sameSite(url) {
    return new URL(url, window.location.href).origin === window.location.origin;
  }

  /* One request for the next screen, `pending` marked busy meanwhile; `fallback` (the
     browser's own navigation) when the screen cannot be shown in place. */
  function fetchScreen(url, options, pending, fallback) {
    busy = true;
    pending.setAttribute("aria-busy", "true");
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && window.setTimeout(function () { controller.abort(); }, WAIT_MS);
    options.credentials = "same-origin";
    options.headers = { "X-Quiz-Fragment": "1" };
    options.redirect = "manual";
    if (controller) options.signal = controller.signal;
    fetch(url, options).then(function (response) {
      var page = response.headers.get("X-Quiz-Next");
      if (response.status === 204 && page && sameSite(page)) return { page: page };
      if (response.status !== 200) return {};
      return response.text().then(function (html) { return { html: html }; });
    }).catch(function () { return {}; }).then(function (got) {
      window.clearTimeout(timer);
      busy = false;
      pending.removeAttribute("aria-busy");
      if (got.page) { window.location.assign(got.page); return; }
      var shown = false;
      try { shown = Boolean(got.html) && show(got.html); } catch (error) { shown = false; }
      if (!shown) fallback();
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!window.fetch || !window.FormData || !screen() || !screen().contains(form) ||
        !form.matches(".quiz-answer") || form.hasAttribute("data-native")) return;
    event.preventDefault();
    if (busy) return;  /* a double press sends one answer */
    fetchScreen(form.action, { method: "POST", body: new FormData(form) }, form, function () {
      if (!form.isConnected) { window.location.reload(); return; }  /* swapped, then failed */
      form.setAttribute("data-native", "true");
      form.submit();
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#quiz-screen a[data-in-place]");
    if (!link || !window.fetch || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (busy) return;
    fetchScreen(link.href, { method: "GET" }, link, function () { window.location.assign(link.href); });
  });

  /* Back and Forward to another screen's address: that page. Entries of the screen shown
     (a jump to #main by the skip link) are left to the browser. */
  window.addEventListener("popstate", function (event) {
    var shown = screen();
    if (event.state && event.state.quizScreen && shown &&
        shown.dataset.url !== window.location.pathname) window.location.reload();
  });
})();
