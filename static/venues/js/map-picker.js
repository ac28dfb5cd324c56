/* Venue editor: a Leaflet map that writes latitude/longitude inputs and follows them. */
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

    var DEFAULT_CENTRE = [54.0, -2.5]; // Great Britain
    var DECIMALS = 6;

    function setUp(picker) {
        if (picker.dataset.ready || !window.L) {
            return;
        }
        picker.dataset.ready = "true";
        var latInput = document.getElementById(picker.dataset.latitudeInput);
        var lonInput = document.getElementById(picker.dataset.longitudeInput);
        if (!latInput || !lonInput) {
            return;
        }
        var map = L.map(picker.querySelector("[data-map]"));
        L.tileLayer(picker.dataset.tileUrl, {
            maxZoom: 19,
            attribution: picker.dataset.tileAttribution
        }).addTo(map);
        var marker = null;

        function current() {
            var lat = parseFloat(latInput.value);
            var lon = parseFloat(lonInput.value);
            var valid = isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
            return valid ? [lat, lon] : null;
        }

        function place(point) {
            if (!marker) {
                marker = L.marker(point, { draggable: true, keyboard: true, title: "Venue position", icon: markerIcon(picker) });
                marker.on("dragend", function () {
                    write(marker.getLatLng());
                });
                marker.addTo(map);
            } else {
                marker.setLatLng(point);
            }
        }

        function write(latlng) {
            latInput.value = latlng.lat.toFixed(DECIMALS);
            lonInput.value = L.Util.wrapNum(latlng.lng, [-180, 180], true).toFixed(DECIMALS);
            // Wagtail's unsaved-changes warning listens for input/change events.
            latInput.dispatchEvent(new Event("change", { bubbles: true }));
            lonInput.dispatchEvent(new Event("change", { bubbles: true }));
        }

        var start = current();
        if (start) {
            map.setView(start, 15);
            place(start);
        } else {
            map.setView(DEFAULT_CENTRE, 5);
        }

        map.on("click", function (event) {
            place(event.latlng);
            write(event.latlng);
        });
        [latInput, lonInput].forEach(function (input) {
            input.addEventListener("input", function () {
                var point = current();
                if (point) {
                    place(point);
                    map.panTo(point);
                }
            });
        });
        // The map may start in a hidden tab: measure again when it becomes visible.
        new IntersectionObserver(function (entries) {
            if (entries.some(function (entry) { return entry.isIntersecting; })) {
                map.invalidateSize();
            }
        }).observe(picker);
    }

    function init() {
        document.querySelectorAll("[data-venue-map-picker]").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
