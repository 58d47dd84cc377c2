// Strategy library: the strategy form shows entitlement or action fields by kind (Alpine, CSP
// build: a named component, the markup holds property names only).
(function () {
  document.addEventListener("alpine:init", function () {
    window.Alpine.data("strategyForm", function () {
      return {
        kind: "",
        init: function () { this.kind = this.$el.dataset.kind || ""; },
        get isEntitlement() { return this.kind === "entitlement"; },
        get isAction() { return this.kind === "action"; }
      };
    });
  });
})();
