// The workflow editor (service setup): add, remove and reorder the rows of the Django formsets,
// and keep every state picker (from, to, initial state) in step with the states on the page.
(function () {
  "use strict";

  function rowsOf(container) {
    return Array.prototype.filter.call(container.children, function (el) {
      return el.hasAttribute("data-row");
    });
  }

  function shown(container) {
    return rowsOf(container).filter(function (row) { return !row.hidden; });
  }

  function field(row, name) {
    return row.querySelector("[name$='-" + name + "']");
  }

  function enhanceRow(row) {
    if (!window.TomSelect) { return; }
    row.querySelectorAll("select[data-tom-select]").forEach(function (el) {
      if (!el.tomselect) { new window.TomSelect(el, { maxOptions: 200 }); }
    });
  }

  function setupEditor(form) {
    var states = form.querySelector("[data-formset=states]");
    var transitions = form.querySelector("[data-formset=transitions]");

    function stateList() {
      return shown(states).map(function (row) {
        var code = (field(row, "code").value || "").trim();
        var name = (field(row, "name").value || "").trim();
        return { code: code, label: name ? name + " (" + code + ")" : code };
      }).filter(function (s) { return s.code; });
    }

    function refill(select, list) {
      var chosen = Array.prototype.map.call(select.selectedOptions, function (o) { return o.value; });
      var single = select.dataset.states === "one";
      select.innerHTML = "";
      if (single && select.name.indexOf("transitions-") === 0) {
        select.add(new Option("—", ""));  // a new transition has no target until one is chosen
      }
      list.forEach(function (s) {
        var keep = chosen.indexOf(s.code) !== -1;
        select.add(new Option(s.label, s.code, keep, keep));
      });
      if (select.tomselect) { select.tomselect.sync(); }
    }

    function syncStates() {
      var list = stateList();
      form.querySelectorAll("select[data-states]").forEach(function (select) {
        if (!select.closest("template")) { refill(select, list); }
      });
    }

    function rename(oldCode, newCode) {
      // A renamed state stays chosen wherever it was chosen.
      if (!oldCode || oldCode === newCode) { return; }
      form.querySelectorAll("select[data-states] option").forEach(function (option) {
        if (option.value === oldCode) { option.value = newCode; }
      });
    }

    function renumber() {
      shown(states).forEach(function (row, i) { field(row, "ORDER").value = i + 1; });
    }

    function add(prefix) {
      var total = form.querySelector("#id_" + prefix + "-TOTAL_FORMS");
      var index = parseInt(total.value, 10);
      var html = document.getElementById(prefix + "-template").innerHTML
        .replace(/__prefix__/g, String(index));
      var container = prefix === "states" ? states : transitions;
      container.insertAdjacentHTML("beforeend", html);
      total.value = index + 1;
      var row = rowsOf(container).pop();
      if (prefix === "transitions") {
        row.querySelectorAll("select[data-states]").forEach(function (s) { refill(s, stateList()); });
      }
      enhanceRow(row);
      var first = row.querySelector("input[type=text], input:not([type])");
      if (first) { first.focus(); }
    }

    function remove(row) {
      var box = field(row, "DELETE");
      if (box) { box.checked = true; }
      row.hidden = true;
      if (row.parentElement === states) { renumber(); syncStates(); }
    }

    function move(row, step) {
      var list = shown(states);
      var at = list.indexOf(row);
      var other = list[at + step];
      if (!other) { return; }
      if (step < 0) { states.insertBefore(row, other); } else { states.insertBefore(other, row); }
      renumber();
      syncStates();
    }

    form.addEventListener("click", function (ev) {
      var button = ev.target.closest("button");
      if (!button || !form.contains(button)) { return; }
      var row = button.closest("[data-row]");
      if (button.dataset.add) { ev.preventDefault(); add(button.dataset.add); }
      else if (button.hasAttribute("data-remove") && row) { ev.preventDefault(); remove(row); }
      else if (button.dataset.move && row) { ev.preventDefault(); move(row, parseInt(button.dataset.move, 10)); }
    });
    states.addEventListener("focusin", function (ev) {
      if (ev.target.name && /-code$/.test(ev.target.name)) { ev.target.dataset.prev = ev.target.value.trim(); }
    });
    states.addEventListener("change", function (ev) {
      var name = ev.target.name || "";
      if (/-code$/.test(name)) {
        rename(ev.target.dataset.prev, ev.target.value.trim());
        ev.target.dataset.prev = ev.target.value.trim();
      }
      if (/-(code|name)$/.test(name)) { syncStates(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-workflow-editor]").forEach(setupEditor);
  });
})();
