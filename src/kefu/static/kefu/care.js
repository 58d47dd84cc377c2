// Care lists: a header checkbox (data-care-check-all) checks or clears the rows' boxes (data-care-check).
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-care-check-all]").forEach(function (all) {
      var table = all.closest("table");
      all.addEventListener("change", function () {
        table.querySelectorAll("[data-care-check]").forEach(function (box) { box.checked = all.checked; });
      });
    });
  });
})();
