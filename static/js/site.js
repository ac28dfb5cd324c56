/* Small progressive enhancements; every page works without this file. */
(function () {
    "use strict";

    var root = document.documentElement;
    root.classList.remove("no-js");
    root.classList.add("js");

    // A soft shadow under the sticky header once the page has scrolled.
    var header = document.querySelector(".site-header");
    if (header) {
        var onScroll = function () {
            header.classList.toggle("is-scrolled", window.scrollY > 8);
        };
        window.addEventListener("scroll", onScroll, { passive: true });
        onScroll();
    }

    // Close the mobile menu with Escape and give focus back to its button.
    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") {
            return;
        }
        var menu = document.getElementById("site-nav");
        if (menu && menu.classList.contains("show") && window.jQuery) {
            window.jQuery(menu).collapse("hide");
            var toggler = document.querySelector('[data-target="#site-nav"]');
            if (toggler) {
                toggler.focus();
            }
        }
    });
})();
