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
      if (mark.getAttribute("data-claim") === key) {
        mark.classList.add("focused");
      }
    });
  }
  window.addEventListener("hashchange", showQuote);
  // The entity graph: zoom buttons (never below actual size, so labels stay readable) and
  // drag to pan; without script the viewport still scrolls.
  var viewport = document.querySelector(".graph-viewport");
  var picture = viewport && viewport.querySelector("svg");
  var controls = document.querySelector(".graph-controls");
  if (viewport && picture && controls) {
    var zoom = 1;
    var width = parseFloat(picture.getAttribute("data-width"));
    var height = parseFloat(picture.getAttribute("data-height"));
    var apply = function () {
      picture.setAttribute("width", String(Math.round(width * zoom)));
      picture.setAttribute("height", String(Math.round(height * zoom)));
    };
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var how = event.target.getAttribute && event.target.getAttribute("data-zoom");
      if (!how) return;
      zoom = how === "in" ? Math.min(zoom * 1.25, 4) : how === "out" ? Math.max(zoom / 1.25, 1) : 1;
      apply();
    });
    var start = null;
    viewport.addEventListener("pointerdown", function (event) {
      start = {x: event.clientX, y: event.clientY, left: viewport.scrollLeft, top: viewport.scrollTop};
      viewport.classList.add("dragging");
    });
    window.addEventListener("pointermove", function (event) {
      if (!start) return;
      viewport.scrollLeft = start.left - (event.clientX - start.x);
      viewport.scrollTop = start.top - (event.clientY - start.y);
    });
    window.addEventListener("pointerup", function () {
      start = null;
      viewport.classList.remove("dragging");
    });
  }
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
