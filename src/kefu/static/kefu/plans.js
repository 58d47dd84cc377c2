// Plan form: the estimated cost (ticked strategies' cost × customers) beside the budget.
(function () {
  function cents(text) {
    var n = parseFloat(text);
    return isNaN(n) ? 0 : Math.round(n * 100);
  }
  function update() {
    var box = document.getElementById("plan-strategies");
    var out = document.getElementById("plan-estimate");
    if (!box || !out) { return; }
    var customers = parseInt(box.dataset.customers || "0", 10) || 0;
    var sum = 0;
    box.querySelectorAll("input[data-cost]:checked").forEach(function (el) { sum += cents(el.dataset.cost); });
    var total = sum * customers;
    out.textContent = (total / 100).toFixed(2);
    var budget = document.getElementById("id_budget");
    var over = budget && budget.value !== "" && total > cents(budget.value);
    document.getElementById("plan-estimate-box").classList.toggle("text-danger", !!over);
  }
  document.addEventListener("change", function (ev) {
    if (ev.target.matches("#plan-strategies input, #id_budget")) { update(); }
  });
  document.addEventListener("input", function (ev) {
    if (ev.target.matches("#id_budget")) { update(); }
  });
  document.addEventListener("htmx:afterSwap", update);
  document.addEventListener("DOMContentLoaded", update);
})();
