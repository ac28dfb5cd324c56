/* Venue pages: Leaflet maps of venues and "Near me". Without this file (or without tiles)
 * the pages still list every venue with its address. */
(function () {
    "use strict";

    // Hashed static file names break Leaflet's guess of its image folder: name the files.
    function markerIcon(element) {
        return L.icon({
            iconUrl: element.dataset.iconUrl,
            iconRetinaUrl: element.dataset.iconRetinaUrl,
            shadowUrl: element.dataset.shadowUrl,
            iconSize: [25, 41],
            iconAnchor: [12, 41],
            popupAnchor: [1, -34],
            tooltipAnchor: [16, -28],
            shadowSize: [41, 41]
        });
    }

    function drawMap(container) {
        var data = document.getElementById(container.dataset.pointsId);
        var points = data ? JSON.parse(data.textContent) : [];
        if (!window.L || !points.length) {
            return;
        }
        container.classList.add("has-map");
        var map = L.map(container, { scrollWheelZoom: false });
        L.tileLayer(container.dataset.tileUrl, {
            maxZoom: 19,
            attribution: container.dataset.tileAttribution
        }).addTo(map);
        var bounds = [];
        var icon = markerIcon(container);
        points.forEach(function (point) {
            var marker = L.marker([point.lat, point.lon], { title: point.name, alt: point.name, icon: icon });
            if (point.url) {
                var link = document.createElement("a");
                link.href = point.url;
                link.textContent = point.name;
                marker.bindPopup(link);
            } else {
                marker.bindPopup(document.createTextNode(point.name));
            }
            marker.addTo(map);
            bounds.push([point.lat, point.lon]);
        });
        if (bounds.length === 1) {
            map.setView(bounds[0], 15);
        } else {
            map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
        }
    }

    function setUpNearMe(form) {
        var button = form.querySelector("[data-near-me]");
        var status = form.querySelector("[data-near-me-status]");
        if (!button || !("geolocation" in navigator)) {
            return;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
            button.disabled = true;
            status.textContent = "Finding your location…";
            navigator.geolocation.getCurrentPosition(
                function (position) {
                    form.elements.lat.value = position.coords.latitude.toFixed(5);
                    form.elements.lon.value = position.coords.longitude.toFixed(5);
                    form.elements.sort.value = "nearest";
                    form.submit();
                },
                function () {
                    button.disabled = false;
                    status.textContent = "We could not get your location. Check your browser's permission and try again.";
                },
                { timeout: 10000, maximumAge: 300000 }
            );
        });
    }

    document.querySelectorAll("[data-venue-map]").forEach(drawMap);
    document.querySelectorAll("[data-venue-filters]").forEach(setUpNearMe);
})();
