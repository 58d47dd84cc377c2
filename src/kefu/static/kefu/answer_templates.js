// Answer templates (应答模板) in reply boxes, and the forbidden-phrase warning.
// A panel [data-answer-templates] names the text boxes it serves (data-target, a CSS selector).
// - Click a template in the panel, or type "/key" then Tab in a box: the template, filled in on
//   the server for the current customer and ticket, is inserted at the cursor.
// - While typing, the active forbidden phrases found in a box are listed under it, each with
//   what to say instead (punctuation and spacing ignored, as on the server).
(function () {
  "use strict";
  if (window.kefuAnswerTemplates) { return; }
  window.kefuAnswerTemplates = true;

  var KEY_BEFORE_CARET = /(^|\s)\/([a-z0-9_]{1,20})$/i;
  var lastBox = null;
  var phrases = null;  // [{phrase, suggestion, key}] once loaded
  var phrasesLoading = false;

  function panels() { return Array.prototype.slice.call(document.querySelectorAll("[data-answer-templates]")); }

  function panelFor(box) {
    return panels().find(function (panel) {
      var selector = panel.dataset.target;
      return selector && box.matches && box.matches(selector);
    }) || null;
  }

  function boxFor(panel) {
    var selector = panel.dataset.target;
    if (lastBox && document.body.contains(lastBox) && lastBox.matches(selector)) { return lastBox; }
    return document.querySelector(selector);
  }

  function subjectQuery(panel) {
    var params = new URLSearchParams();
    var customer = panel.dataset.customer || "";
    if (panel.dataset.customerInput) {
      var input = document.querySelector(panel.dataset.customerInput);
      if (input) { customer = input.value || ""; }
    }
    if (customer) { params.set("customer", customer); }
    if (panel.dataset.ticket) { params.set("ticket", panel.dataset.ticket); }
    var query = params.toString();
    return query ? "?" + query : "";
  }

  function status(panel, text) {
    var node = panel.querySelector("[data-answer-templates-status]");
    if (node) { node.textContent = text || ""; }
  }

  function insert(box, text, start, end) {
    var before = box.value.slice(0, start), after = box.value.slice(end);
    box.value = before + text + after;
    var caret = before.length + text.length;
    box.focus();
    box.setSelectionRange(caret, caret);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function fill(panel, button, box, start, end) {
    fetch(button.dataset.renderUrl + subjectQuery(panel), {
      headers: { "Accept": "application/json" }, credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      insert(box, data.text, start, end);
      var missing = (data.missing || []).map(function (name) { return "{" + name + "}"; });
      status(panel, missing.length ? panel.dataset.textMissing + " " + missing.join("、") : "");
    }).catch(function () { status(panel, panel.dataset.textFailed); });
  }

  function templateButton(panel, key) {
    var wanted = key.toLowerCase();
    return Array.prototype.slice.call(panel.querySelectorAll("[data-template-key]")).find(function (b) {
      return b.dataset.templateKey === wanted;
    }) || null;
  }

  document.addEventListener("focusin", function (ev) {
    if (ev.target.tagName === "TEXTAREA" && panelFor(ev.target)) { lastBox = ev.target; loadPhrases(); }
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("[data-template-id]");
    if (!button) { return; }
    var panel = button.closest("[data-answer-templates]");
    var box = panel && boxFor(panel);
    if (!box) { return; }
    ev.preventDefault();
    var start = box.selectionStart == null ? box.value.length : box.selectionStart;
    var end = box.selectionEnd == null ? start : box.selectionEnd;
    fill(panel, button, box, start, end);
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Tab" || ev.shiftKey || ev.ctrlKey || ev.altKey || ev.metaKey) { return; }
    var box = ev.target;
    if (box.tagName !== "TEXTAREA") { return; }
    var panel = panelFor(box);
    if (!panel || box.selectionStart !== box.selectionEnd) { return; }
    var match = KEY_BEFORE_CARET.exec(box.value.slice(0, box.selectionStart));
    var button = match && templateButton(panel, match[2]);
    if (!button) { return; }  // an ordinary Tab: move on
    ev.preventDefault();
    var end = box.selectionStart;
    fill(panel, button, box, end - match[2].length - 1, end);
  });

  // the picker's filter box
  document.addEventListener("input", function (ev) {
    if (ev.target.matches && ev.target.matches("[data-answer-templates-filter]")) {
      var panel = ev.target.closest("[data-answer-templates]");
      var wanted = ev.target.value.trim().toLowerCase().replace(/^\//, "");
      panel.querySelectorAll("[data-answer-templates-item]").forEach(function (item) {
        item.hidden = wanted !== "" && item.dataset.search.toLowerCase().indexOf(wanted) < 0;
      });
      panel.querySelectorAll("[data-answer-templates-group]").forEach(function (group) {
        group.hidden = !group.querySelector("[data-answer-templates-item]:not([hidden])");
      });
      return;
    }
    if (ev.target.tagName === "TEXTAREA" && panelFor(ev.target)) { warn(ev.target); }
  });

  // ---- forbidden phrases -------------------------------------------------------------------

  function phraseKey(text) {
    return (text || "").normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  }

  function loadPhrases() {
    if (phrases !== null || phrasesLoading) { return; }
    var panel = panels().find(function (p) { return p.dataset.phrasesUrl; });
    if (!panel) { phrases = []; return; }
    phrasesLoading = true;
    fetch(panel.dataset.phrasesUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { phrases: [] }; })
      .then(function (data) {
        phrases = data.phrases || [];
        document.querySelectorAll("textarea").forEach(function (box) { if (panelFor(box)) { warn(box); } });
      })
      .catch(function () { phrases = []; })
      .finally(function () { phrasesLoading = false; });
  }

  function warningNode(box) {
    var next = box.nextElementSibling;
    if (next && next.hasAttribute("data-forbidden-warning")) { return next; }
    var node = document.createElement("div");
    node.setAttribute("data-forbidden-warning", "");
    node.setAttribute("role", "alert");
    node.className = "alert alert-warning py-1 px-2 mt-1 mb-0 small";
    node.hidden = true;
    box.insertAdjacentElement("afterend", node);
    return node;
  }

  function warn(box) {
    if (!phrases || !phrases.length) { return; }
    var typed = phraseKey(box.value);
    var found = typed ? phrases.filter(function (p) { return p.key && typed.indexOf(p.key) >= 0; }) : [];
    var existing = box.nextElementSibling;
    if (!found.length) {
      if (existing && existing.hasAttribute("data-forbidden-warning")) { existing.hidden = true; }
      return;
    }
    var panel = panelFor(box);
    var node = warningNode(box);
    node.replaceChildren();
    found.forEach(function (p) {
      var line = document.createElement("div");
      var icon = document.createElement("i");
      icon.className = "bi bi-exclamation-triangle";
      var strong = document.createElement("strong");
      strong.textContent = "“" + p.phrase + "”";
      line.append(icon, " " + panel.dataset.textForbidden + " ", strong);
      if (p.suggestion) { line.append(" — " + panel.dataset.textInstead + " " + p.suggestion); }
      node.append(line);
    });
    node.hidden = false;
  }
})();
