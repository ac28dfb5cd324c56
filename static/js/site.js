/* Small progressive enhancements; every page works without this file. */
(function () {
    "use strict";

    var root = document.documentElement;
    root.classList.remove("no-js");
    root.classList.add("js");

    function debounce(fn, ms) {
        var timer;
        return function () {
            var args = arguments;
            clearTimeout(timer);
            timer = setTimeout(function () { fn.apply(null, args); }, ms);
        };
    }

    // Search suggestions while typing, for every input with data-suggest-url (the header box on
    // every page, the search page's box): a <datalist> filled from /search/suggest/.
    function attachSuggestions(input, index) {
        var url = input.getAttribute("data-suggest-url");
        var list = document.createElement("datalist");
        list.id = (input.id || "search-input-" + index) + "-suggestions";
        input.parentNode.appendChild(list);
        input.setAttribute("list", list.id);
        var lastAsked = "";
        input.addEventListener("input", debounce(function () {
            var text = input.value.trim();
            if (text.length < 2 || text === lastAsked) {
                return;
            }
            lastAsked = text;
            fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
                .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
                .then(function (data) {
                    list.textContent = "";
                    data.suggestions.forEach(function (suggestion) {
                        var option = document.createElement("option");
                        option.value = suggestion.title;
                        list.appendChild(option);
                    });
                })
                .catch(function () { /* suggestions are optional */ });
        }, 180));
    }
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest-url]"), attachSuggestions);

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
