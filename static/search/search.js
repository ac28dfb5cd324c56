/* Search page enhancements: "near me", the venue map, click-through counts (suggestions are in
   js/site.js). The page works without this file: the form, facets, sort, pages and results are
   plain links and GET forms. */
(function () {
    "use strict";

    // Phones: the filters start folded so the results come first.
    var filters = document.querySelector("[data-fold-on-phones]");
    if (filters && window.matchMedia("(max-width: 991.98px)").matches) {
        filters.open = false;
    }

    // Near me: the browser's position becomes lat/lon on the query, sorted by distance.
    var nearButton = document.querySelector("[data-near-me]");
    var nearStatus = document.querySelector("[data-near-me-status]");
    if (nearButton) {
        if (!("geolocation" in navigator)) {
            nearButton.hidden = true;
        }
        nearButton.addEventListener("click", function () {
            nearStatus.textContent = "Finding your location…";
            navigator.geolocation.getCurrentPosition(function (position) {
                var params = new URLSearchParams(window.location.search);
                params.set("lat", position.coords.latitude.toFixed(5));
                params.set("lon", position.coords.longitude.toFixed(5));
                params.set("radius_km", nearButton.getAttribute("data-radius") || "25");
                params.set("sort", "distance");
                params.delete("page");
                window.location.search = params.toString();
            }, function () {
                nearStatus.textContent = "Your location is not available; choose a city instead.";
            }, { timeout: 10000, maximumAge: 600000 });
        });
    }

    // Which result was opened (for the staff's search report): a beacon beside the normal link,
    // so the link opens as usual whether or not the count gets through.
    var results = document.querySelector("[data-search-clicks]");
    if (results && navigator.sendBeacon) {
        var reportOpened = function (event) {
            var link = event.target.closest("a[data-result]");
            if (!link || (event.type === "auxclick" && event.button !== 1)) {
                return;
            }
            var data = new FormData();
            data.append("search_id", results.getAttribute("data-search-id"));
            data.append("result", link.getAttribute("data-result"));
            data.append("position", link.getAttribute("data-position"));
            navigator.sendBeacon(results.getAttribute("data-search-clicks"), data);
        };
        results.addEventListener("click", reportOpened);
        results.addEventListener("auxclick", reportOpened);
    }

    // The map of venue results, only when Leaflet is on the page.
    var mapElement = document.getElementById("search-map");
    var pointsElement = document.getElementById("search-map-points");
    if (mapElement && pointsElement && window.L) {
        var points = JSON.parse(pointsElement.textContent);
        var map = window.L.map(mapElement, { scrollWheelZoom: false });
        window.L.tileLayer(mapElement.getAttribute("data-tile-url"), {
            attribution: mapElement.getAttribute("data-tile-attribution"),
            maxZoom: 18
        }).addTo(map);
        var bounds = [];
        points.forEach(function (point) {
            var link = document.createElement("a");
            link.href = point.url;
            link.textContent = point.title;
            window.L.marker([point.lat, point.lon], { title: point.title }).addTo(map).bindPopup(link);
            bounds.push([point.lat, point.lon]);
        });
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
    }
})();
