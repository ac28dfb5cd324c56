// Campaign blocks: live countdowns and copying a revealed voucher code.
(function () {
    "use strict";

    function formatRemaining(ms) {
        var seconds = Math.max(0, Math.floor(ms / 1000));
        var days = Math.floor(seconds / 86400);
        var hours = Math.floor((seconds % 86400) / 3600);
        var minutes = Math.floor((seconds % 3600) / 60);
        var rest = seconds % 60;
        var pad = function (n) { return String(n).padStart(2, "0"); };
        return (days ? days + "d " : "") + pad(hours) + "h " + pad(minutes) + "m " + pad(rest) + "s";
    }

    document.querySelectorAll("[data-countdown]").forEach(function (block) {
        var endsAt = Date.parse(block.getAttribute("data-countdown"));
        var display = block.querySelector("[data-countdown-display]");
        var finished = block.querySelector("[data-countdown-finished]");
        if (!display || isNaN(endsAt)) { return; }
        function tick() {
            var remaining = endsAt - Date.now();
            if (remaining <= 0) {
                display.hidden = true;
                if (finished) { finished.hidden = false; }
                return;
            }
            display.textContent = formatRemaining(remaining);
            window.setTimeout(tick, 1000);
        }
        tick();
    });

    document.querySelectorAll("[data-voucher]").forEach(function (block) {
        var button = block.querySelector("[data-voucher-copy]");
        var code = block.querySelector("[data-voucher-code]");
        if (!button || !code || !navigator.clipboard) { return; }
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(code.textContent.trim()).then(function () {
                button.textContent = "Copied";
            });
        });
    });
})();
