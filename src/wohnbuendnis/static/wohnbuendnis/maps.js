/* Choropleth maps (Leaflet) and legend swatches, shared by the monitoring and the forecast.
   A map is a [data-geojson] element; the GeoJSON's features carry their fill colour and a
   tooltip label. Every map has a table with the same values on the page. */
(function () {
  "use strict";

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
    maps();
  });
}());
