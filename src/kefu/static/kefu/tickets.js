// Ticket pages: per-type sections of the ticket form (Alpine) and the customer's products.
(function () {
  var FIELD_TYPES = ["repair", "installation", "delivery", "return_exchange"];

  // Registered as a named component, so the markup holds no expressions beyond property names.
  document.addEventListener("alpine:init", function () {
    window.Alpine.data("ticketForm", function () {
      return {
        type: "",
        init: function () { this.type = this.$el.dataset.type || ""; },
        get isField() { return FIELD_TYPES.indexOf(this.type) >= 0; },
        get isRepair() { return this.type === "repair"; },
        get isComplaint() { return this.type === "complaint"; },
        get isSuggestion() { return this.type === "suggestion"; },
        get isReturn() { return this.type === "return_exchange"; }
      };
    });
  });

  function fillAssets(customer, assets) {
    // The installed products of the chosen customer, loaded from the scoped endpoint.
    var url = customer.dataset.assetsUrl + "?customer=" + encodeURIComponent(customer.value || "");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        var keep = assets.value;
        assets.length = 1;  // the empty choice stays
        data.results.forEach(function (row) {
          var option = new Option(row.text, row.value);
          option.selected = String(row.value) === keep;
          assets.add(option);
        });
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".kefu-ticket-form").forEach(function (form) {
      var customer = form.querySelector("select[name=customer]");
      var assets = form.querySelector("select[name=asset]");
      if (customer && assets && customer.dataset.assetsUrl) {
        customer.addEventListener("change", function () { fillAssets(customer, assets); });
      }
    });
  });
})();
