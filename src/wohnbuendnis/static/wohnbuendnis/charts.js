/* Charts of the pages outside monitoring and forecast (concept, allocation). A chart's
   Vega-Lite spec comes from a <script type="application/json"> block (no inline script) named
   by the figure's data-chart attribute; vega-embed runs it with its expression interpreter
   (ast: true), so the Content-Security-Policy needs no 'unsafe-eval'. The same spec is what
   the exports render. Every chart has its table beside it on the page. */
(function () {
  "use strict";

  var GERMAN = { decimal: ",", thousands: ".", grouping: [3], currency: ["", "\u00a0€"] };
  var ACTIONS = { export: true, source: false, compiled: false, editor: false };
  var I18N = { PNG_ACTION: "Als PNG speichern", SVG_ACTION: "Als SVG speichern",
    CLICK_TO_VIEW_ACTIONS: "Diagramm speichern" };

  function draw(root) {
    if (typeof vegaEmbed === "undefined") { return; }
    root.querySelectorAll("[data-chart]:not([data-rendered])").forEach(function (element) {
      var data = document.getElementById(element.getAttribute("data-chart"));
      if (!data) { return; }
      vegaEmbed(element, JSON.parse(data.textContent), {
        ast: true, actions: ACTIONS, i18n: I18N, formatLocale: GERMAN, defaultStyle: false,
        renderer: "svg"
      }).then(function () {
        element.setAttribute("data-rendered", "true");
      }).catch(function (error) {
        element.textContent = "";
        if (window.console) { window.console.error(error); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
}());
