// The agent desk: keyboard shortcuts, look-up navigation, fields per ticket type, the call timer.
// Keys: "/" or F2 find, arrows + Enter pick, Alt+0..9 ticket type, Ctrl+Enter register, Esc clear.
(function () {
  "use strict";
  var root = document.querySelector("[data-desk]");
  if (!root) { return; }
  var callStart = Date.now();
  var settledFor = null;   // the query the shown results answer
  var pickOnLoad = false;  // Enter was pressed before the results arrived

  function one(selector, within) { return (within || document).querySelector(selector); }
  function all(selector, within) {
    return Array.prototype.slice.call((within || document).querySelectorAll(selector));
  }
  function form() { return document.getElementById("desk-form"); }
  function lookup() { return document.getElementById("desk-lookup"); }
  function results() { return document.getElementById("desk-results"); }
  function shown(el) { return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length); }
  function typing(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // ---- the fields each ticket type needs ---------------------------------------------------
  function applyType() {
    var f = form();
    if (!f) { return; }
    var checked = one("input[name=ticket_type]:checked", f);
    var type = checked ? checked.value : "";
    all("[data-types]", f).forEach(function (el) {
      el.hidden = !type || el.dataset.types.split(" ").indexOf(type) < 0;
    });
    var solved = one("[data-desk-solved]", f);
    all("[data-show-if=solved]", f).forEach(function (el) {
      if (!solved || !solved.checked) { el.hidden = true; }
    });
  }

  function pickType(key) {
    var f = form();
    var radio = f && one("input[name=ticket_type][data-key='" + key + "']", f);
    if (!radio) { return; }
    radio.checked = true;
    applyType();
    if (key === "0") { return; }
    var first = all("#desk-ticket textarea, #desk-ticket select, #desk-ticket input:not([type=hidden])", f)
      .filter(shown)[0];
    if (first) { first.focus(); }
  }

  // ---- look-up results ---------------------------------------------------------------------
  function items() { return results() ? all(".desk-result", results()) : []; }

  function activate(index) {
    var list = items();
    list.forEach(function (el, i) {
      el.classList.toggle("active", i === index);
      el.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (list[index]) { list[index].scrollIntoView({ block: "nearest" }); }
  }

  function move(step) {
    var list = items();
    if (!list.length) { return; }
    var current = list.findIndex(function (el) { return el.classList.contains("active"); });
    activate(Math.max(0, Math.min(list.length - 1, current + step)));
  }

  function openActive() {
    var chosen = one(".desk-result.active", results()) || items()[0];
    if (chosen) { chosen.click(); }
  }

  function enterInLookup() {
    var query = lookup().value.trim();
    if (!query) { return; }
    if (settledFor === query && items().length) { openActive(); return; }
    pickOnLoad = true;
    window.htmx.trigger(lookup(), "search");
  }

  function clearLookup() {
    lookup().value = "";
    results().innerHTML = "";
    settledFor = null;
  }

  function focusLookup() {
    var input = lookup();
    input.focus();
    input.select();
  }

  // ---- clearing the desk for the next call ---------------------------------------------------
  function dirty() {
    return all("#desk-form textarea, #desk-form input[type=text], #desk-form input[type=date]")
      .some(function (el) { return el.value.trim() !== ""; });
  }

  function onEscape(ev) {
    var input = lookup();
    if (ev.target === input && (input.value || items().length)) {
      ev.preventDefault();
      clearLookup();
      return;
    }
    if (items().length) { results().innerHTML = ""; return; }
    if (dirty() && !window.confirm(root.dataset.confirmClear)) { return; }
    window.location.assign(root.dataset.deskUrl);
  }

  // ---- the call timer --------------------------------------------------------------------------
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function elapsed() {
    var seconds = Math.floor((Date.now() - callStart) / 1000);
    return two(Math.floor(seconds / 60)) + ":" + two(seconds % 60);
  }
  function tick() {
    var text = elapsed();
    var timer = one("[data-desk-timer] span");
    if (timer) { timer.textContent = text; }
    var duration = one("[data-desk-duration]");
    if (duration) { duration.placeholder = text; }
  }

  // ---- events ---------------------------------------------------------------------------------
  document.addEventListener("keydown", function (ev) {
    var slash = ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
    // "/" is never part of a look-up, so in the look-up box it only selects what is there
    if (ev.key === "F2" || (slash && (!typing(ev.target) || ev.target === lookup()))) {
      ev.preventDefault();
      focusLookup();
    } else if (ev.altKey && !ev.ctrlKey && !ev.metaKey && /^(Digit|Numpad)[0-9]$/.test(ev.code)) {
      ev.preventDefault();
      pickType(ev.code.slice(-1));
    } else if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      if (form()) { ev.preventDefault(); form().requestSubmit(); }
    } else if (ev.key === "Escape") {
      onEscape(ev);
    } else if (ev.target === lookup()) {
      if (ev.key === "ArrowDown") { ev.preventDefault(); move(1); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); move(-1); }
      else if (ev.key === "Enter") { ev.preventDefault(); enterInLookup(); }
    }
  });

  document.addEventListener("change", function (ev) {
    if (ev.target.name === "ticket_type" || ev.target.hasAttribute("data-desk-solved")) { applyType(); }
  });

  // An empty duration is the time on the call, as the timer shows it.
  document.addEventListener("submit", function (ev) {
    var duration = ev.target.id === "desk-form" && one("[data-desk-duration]", ev.target);
    if (duration && !duration.value.trim()) { duration.value = elapsed(); }
  }, true);

  // The form answers 422 with its errors: swap it in like any answer.
  document.body.addEventListener("htmx:beforeSwap", function (ev) {
    if (ev.detail.xhr.status === 422) {
      ev.detail.shouldSwap = true;
      ev.detail.isError = false;
    }
  });

  document.body.addEventListener("htmx:afterSettle", function (ev) {
    var target = ev.detail.target;
    var fromLookup = document.activeElement === lookup();
    applyType();
    if (target === results()) {
      settledFor = lookup().value.trim();
      if (items().length) { activate(0); }
      if (pickOnLoad && items().length === 1) { openActive(); }
      pickOnLoad = false;
    } else if (target && target.id === "desk-360" && fromLookup) {
      var summary = one("#id_summary");
      if (summary) { summary.focus(); }
    } else if (target && target.id === "desk-form") {
      var f = form();
      if (f.hasAttribute("data-desk-registered")) {
        callStart = Date.now();
        tick();
        focusLookup();
      } else {
        var invalid = one(".is-invalid", f);
        if (invalid) { invalid.focus(); }
      }
    }
  });

  applyType();
  tick();
  window.setInterval(tick, 1000);
  if (items().length) { settledFor = lookup().value.trim(); activate(0); }
  if (one("#desk-360 [data-desk-customer]")) {
    one("#id_summary").focus();
  } else {
    focusLookup();
  }
})();
