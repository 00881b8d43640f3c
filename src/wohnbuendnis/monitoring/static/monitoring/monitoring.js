/* Monitoring charts (maps and swatches: wohnbuendnis/maps.js). Chart specs come from <script type="application/json"> blocks
   (no inline script); vega-embed runs them with its expression interpreter (ast: true), so the
   Content-Security-Policy needs no 'unsafe-eval'. Every chart and map has a table on the page. */
(function () {
  "use strict";

  var GERMAN = { decimal: ",", thousands: ".", grouping: [3], currency: ["", "\u00a0€"] };
  var ACTIONS = { export: true, source: false, compiled: false, editor: false };
  var I18N = { PNG_ACTION: "Als PNG speichern", SVG_ACTION: "Als SVG speichern",
    CLICK_TO_VIEW_ACTIONS: "Diagramm speichern" };

  function charts() {
    if (typeof vegaEmbed === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var data = document.getElementById(element.getAttribute("data-chart"));
      if (!data) { return; }
      vegaEmbed(element, JSON.parse(data.textContent), {
        ast: true, actions: ACTIONS, i18n: I18N, formatLocale: GERMAN, defaultStyle: false,
        renderer: "svg", tooltip: { disableDefaultStyle: true, theme: "custom" }
      }).then(function () {
        element.setAttribute("data-rendered", "true");
      }).catch(function (error) {
        element.textContent = "";
        if (window.console) { window.console.error(error); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    charts();
  });
}());
