// Filters the findings table by rule and severity. Without JavaScript the whole table is shown.
(function () {
  "use strict";
  var form = document.getElementById("quality-filter");
  var table = document.getElementById("findings");
  if (!form || !table) return;
  form.hidden = false;
  function apply() {
    var rule = form.elements.rule.value, severity = form.elements.severity.value;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      row.hidden = (rule && row.getAttribute("data-rule") !== rule) || (severity && row.getAttribute("data-severity") !== severity);
    });
  }
  form.addEventListener("change", apply);
  var params = new URLSearchParams(location.search);
  if (params.get("rule")) form.elements.rule.value = params.get("rule");
  if (params.get("severity")) form.elements.severity.value = params.get("severity");
  apply();
})();
