// Kefu's small page behaviours. No inline scripts: pages mark elements with data- attributes.
(function () {
  function enhance(root) {
    root.querySelectorAll("select[data-tom-select]").forEach(function (el) {
      if (!el.tomselect && window.TomSelect) { new TomSelect(el, { maxOptions: 200 }); }
    });
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (ev) {
        if (!window.confirm(el.dataset.confirm)) { ev.preventDefault(); }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { enhance(ev.target); });
})();
