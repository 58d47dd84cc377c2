// Kefu's small page behaviours. No inline scripts: pages mark elements with data- attributes.
(function () {
  function remoteOptions(el) {
    // <select data-tom-select data-url="/x/"> loads {"results": [{"value", "text"}]} as you type.
    return {
      valueField: "value", labelField: "text", searchField: "text", maxOptions: 50,
      load: function (query, callback) {
        if (!query.length) { return callback(); }
        fetch(el.dataset.url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      }
    };
  }

  function toggleByKind(form) {
    // Fields marked data-kind="company|person" show only for that customer type.
    var kind = form.querySelector("select[name=kind]");
    if (!kind) { return; }
    var apply = function () {
      form.querySelectorAll("[data-kind]").forEach(function (input) {
        var box = input.closest("[class^=col], [class*=' col']") || input.parentElement;
        box.hidden = input.dataset.kind !== kind.value;
      });
    };
    kind.addEventListener("change", apply);
    apply();
  }

  function enhance(root) {
    root.querySelectorAll("select[data-tom-select]").forEach(function (el) {
      if (!el.tomselect && window.TomSelect) {
        new TomSelect(el, el.dataset.url ? remoteOptions(el) : { maxOptions: 200 });
      }
    });
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (ev) {
        if (!window.confirm(el.dataset.confirm)) { ev.preventDefault(); }
      });
    });
    root.querySelectorAll("form").forEach(toggleByKind);
    // The Content-Security-Policy forbids on*= handlers and javascript: links: data- marks instead.
    root.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
    root.querySelectorAll("[data-history-back]").forEach(function (el) {
      el.addEventListener("click", function (ev) { ev.preventDefault(); window.history.back(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { enhance(ev.target); });
})();
