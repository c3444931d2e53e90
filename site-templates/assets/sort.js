// Sortable tables: in every `.sortable` container, the column headers become buttons that sort the
// rows (numbers as numbers, "—" last). Without JavaScript the tables stay complete in their order.
(function () {
  "use strict";
  function key(cell) {
    var t = (cell.textContent || "").trim();
    var n = parseFloat(t.replace(/[,，]/g, ""));
    return { blank: t === "" || t === "—", num: isNaN(n) ? null : n, text: t };
  }
  function compare(a, b) {
    if (a.blank !== b.blank) return a.blank ? 1 : -1;
    if (a.num !== null && b.num !== null) return a.num - b.num;
    return a.text.localeCompare(b.text, "zh-Hans-CN");
  }
  function enable(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || !table.tBodies[0]) return;
    Array.prototype.forEach.call(head.cells, function (th, index) {
      // A header holding a link stays a link: a link inside a button is neither, for keyboards and readers.
      if (th.querySelector("a, button, input, select")) return;
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(head.cells, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var k1 = key(r1.cells[index]), k2 = key(r2.cells[index]);
          // Blanks stay last whichever the direction: they are not numbers to order.
          if (k1.blank !== k2.blank) return k1.blank ? 1 : -1;
          var c = compare(k1, k2);
          return descending ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  document.querySelectorAll(".sortable table").forEach(enable);
})();
