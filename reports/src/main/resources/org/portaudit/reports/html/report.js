/* portaudit report: filters and sortable columns. Reads everything from the DOM; the page is complete
   without this script. No report data is embedded here. */
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) {
    return;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.ports tbody tr'));
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="finding"]'));
  var stateSelect = form.querySelector('select[name="state"]');
  var shown = document.getElementById('shown');
  var problems = { 'required-blocked': 1, 'unexpected-open': 1, 'forbidden-open': 1, 'wrong-service': 1,
    'certificate': 1, 'unverified': 1, 'not-checked': 1 };

  function apply() {
    var wanted = {};
    boxes.forEach(function (b) { wanted[b.value] = b.checked; });
    var state = stateSelect.value;
    var n = 0;
    rows.forEach(function (tr) {
      var show = wanted[tr.getAttribute('data-finding')] !== false
        && (state === '' || tr.getAttribute('data-state') === state);
      tr.hidden = !show;
      if (show) {
        n++;
      }
    });
    shown.textContent = n + ' of ' + rows.length + ' rows shown';
    document.body.setAttribute('data-rows-shown', String(n));
  }

  form.addEventListener('change', apply);
  document.getElementById('problems-only').addEventListener('click', function () {
    boxes.forEach(function (b) { b.checked = problems[b.value] === 1; });
    apply();
  });
  document.getElementById('show-all').addEventListener('click', function () {
    boxes.forEach(function (b) { b.checked = true; });
    stateSelect.value = '';
    apply();
  });

  function key(tr, col, numeric) {
    var td = tr.children[col];
    if (!td) {
      return numeric ? Infinity : '';
    }
    var v = td.hasAttribute('data-sort') ? td.getAttribute('data-sort') : td.textContent.trim();
    if (numeric) {
      var f = parseFloat(v);
      return isNaN(f) ? Infinity : f;
    }
    return v.toLowerCase();
  }

  Array.prototype.slice.call(document.querySelectorAll('table.ports')).forEach(function (table) {
    var heads = Array.prototype.slice.call(table.querySelectorAll('thead th'));
    heads.forEach(function (th, col) {
      th.classList.add('sortable');
      th.tabIndex = 0;
      th.setAttribute('aria-sort', 'none');
      function sort() {
        var numeric = th.getAttribute('data-type') === 'num';
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        heads.forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var list = Array.prototype.slice.call(body.rows);
        list.sort(function (a, b) {
          var x = key(a, col, numeric);
          var y = key(b, col, numeric);
          return (x < y ? -1 : x > y ? 1 : 0) * dir;
        });
        list.forEach(function (tr) { body.appendChild(tr); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          sort();
        }
      });
    });
  });

  form.hidden = false;
  apply();
})();
