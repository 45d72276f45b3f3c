// Enhancement only: the report reads, expands and prints without this script.
(function () {
  "use strict";
  // Arriving at a quote (#quote-claim-…): outline every highlighted piece of that quote.
  function showQuote() {
    document.querySelectorAll("mark.focused").forEach(function (mark) {
      mark.classList.remove("focused");
    });
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf("quote-") !== 0) return;
    var key = id.slice("quote-".length);
    document.querySelectorAll("mark.hl").forEach(function (mark) {
      if ((mark.getAttribute("data-claims") || "").split(" ").indexOf(key) >= 0) {
        mark.classList.add("focused");
      }
    });
  }
  window.addEventListener("hashchange", showQuote);
  showQuote();
  // Print the evidence open, then restore what the reader had.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("data-opened-for-print", "");
      details.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (details) {
      details.removeAttribute("data-opened-for-print");
      details.open = false;
    });
  });
})();
