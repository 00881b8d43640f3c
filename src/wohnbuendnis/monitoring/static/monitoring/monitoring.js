/* Monitoring charts and maps. Chart specs come from <script type="application/json"> blocks
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

  function maps() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll("[data-geojson]").forEach(function (element) {
      fetch(element.getAttribute("data-geojson"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (collection) {
          var map = L.map(element, { attributionControl: false, scrollWheelZoom: false });
          var layer = L.geoJSON(collection, {
            style: function (feature) {
              return { color: "#131525", weight: 1, fillColor: feature.properties.color,
                fillOpacity: 0.85 };
            },
            onEachFeature: function (feature, shape) {
              shape.bindTooltip(feature.properties.label);
            }
          }).addTo(map);
          if (collection.features.length) { map.fitBounds(layer.getBounds()); }
          element.setAttribute("data-rendered", String(collection.features.length));
        });
    });
  }

  function swatches() {
    document.querySelectorAll("[data-colour]").forEach(function (element) {
      element.style.backgroundColor = element.getAttribute("data-colour");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    swatches();
    charts();
    maps();
  });
}());
