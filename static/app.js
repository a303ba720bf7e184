// Comfort only: every page works without this file.
(function () {
  "use strict";
  // On small screens the filter panel starts folded behind its "Filters" button.
  var filters = document.querySelector("details.filters");
  if (filters && window.matchMedia("(max-width: 48rem)").matches) {
    filters.open = false;
  }
})();
