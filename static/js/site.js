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

    // The search box's suggestions: every input with data-suggest-url (the header's box on every
    // page, the search page's box) becomes an ARIA 1.2 combobox with a listbox of options
    // grouped by kind. Arrow keys move through the options, Enter opens the chosen one, Escape
    // closes the list (or clears the box), and a live region says how many there are. Without
    // this script the box is a plain search form.
    var KIND_LABELS = { venue: "Venue", product: "Shop", post: "Blog post", page: "Page" };

    function safeUrl(url) {
        return typeof url === "string" && /^(\/(?!\/)|https?:\/\/)/.test(url) ? url : "";
    }

    function optionMeta(suggestion) {
        var parts = [];
        if (suggestion.kind === "venue") {
            parts.push(suggestion.city || KIND_LABELS.venue);
        } else if (suggestion.price_display || suggestion.venue) {
            if (suggestion.price_display) { parts.push(suggestion.price_display); }
            if (suggestion.venue) { parts.push(suggestion.venue); }
        } else {
            parts.push(KIND_LABELS[suggestion.kind] || suggestion.kind);
        }
        if (suggestion.available === false) { parts.push("Currently unavailable"); }
        return parts.join(" · ");
    }

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text) { node.textContent = text; }
        return node;
    }

    function Combobox(input) {
        this.input = input;
        this.url = input.getAttribute("data-suggest-url");
        this.listbox = document.getElementById(input.getAttribute("data-listbox"));
        this.status = document.getElementById(input.getAttribute("data-status"));
        this.options = [];
        this.active = -1;
        this.asked = "";
        this.requests = 0;
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", this.listbox.id);
        input.addEventListener("input", debounce(this.ask.bind(this), 180));
        input.addEventListener("keydown", this.onKey.bind(this));
        input.addEventListener("blur", this.close.bind(this));
        // Keep the focus in the box while an option is pressed.
        this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
        this.listbox.addEventListener("click", this.onClick.bind(this));
    }

    Combobox.prototype.ask = function () {
        var text = this.input.value.trim();
        if (text.length < 2) {
            this.asked = "";
            this.render({ suggestions: [], groups: [] }, false);
            return;
        }
        if (text === this.asked) { return; }
        this.asked = text;
        var request = ++this.requests;
        var self = this;
        fetch(this.url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) {
                if (data && request === self.requests && document.activeElement === self.input) {
                    self.render(data, true);
                }
            })
            .catch(function () { /* suggestions are optional: the form still searches */ });
    };

    Combobox.prototype.render = function (data, announce) {
        var self = this;
        this.listbox.textContent = "";
        this.options = [];
        this.setActive(-1);
        (data.groups || []).forEach(function (group, groupIndex) {
            var box = element("div", "search-combobox__group");
            var label = element("div", "search-combobox__group-label", group.label);
            label.id = self.listbox.id + "-group-" + groupIndex;
            label.setAttribute("role", "presentation");
            box.setAttribute("role", "group");
            box.setAttribute("aria-labelledby", label.id);
            box.appendChild(label);
            data.suggestions.forEach(function (suggestion) {
                if (suggestion.group === group.name && safeUrl(suggestion.url)) {
                    box.appendChild(self.option(suggestion.url, suggestion.title, optionMeta(suggestion), suggestion.image));
                }
            });
            self.listbox.appendChild(box);
        });
        if (!this.options.length && data.did_you_mean && this.input.form) {
            var searchUrl = this.input.form.action.split("?")[0] + "?q=" + encodeURIComponent(data.did_you_mean);
            this.listbox.appendChild(this.option(searchUrl, "Search for “" + data.did_you_mean + "”", "Did you mean this?", ""));
        }
        var count = this.options.length;
        if (announce) {
            this.status.textContent = count ? count + (count === 1 ? " suggestion" : " suggestions") +
                " available. Use the up and down arrows to choose." : "No suggestions.";
        }
        if (count) { this.open(); } else { this.close(); }
    };

    Combobox.prototype.option = function (url, title, meta, image) {
        var option = element("div", "search-combobox__option");
        option.id = this.listbox.id + "-option-" + this.options.length;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", url);
        var thumb = element("span", "search-combobox__thumb");
        thumb.setAttribute("aria-hidden", "true");
        var src = safeUrl(image);
        if (src) {
            var img = element("img");
            img.src = src;
            img.alt = "";
            img.loading = "lazy";
            thumb.appendChild(img);
        }
        var text = element("span", "search-combobox__text");
        text.appendChild(element("span", "search-combobox__title", title));
        if (meta) { text.appendChild(element("span", "search-combobox__meta", meta)); }
        option.appendChild(thumb);
        option.appendChild(text);
        this.options.push(option);
        return option;
    };

    Combobox.prototype.open = function () {
        this.listbox.hidden = false;
        this.input.setAttribute("aria-expanded", "true");
    };

    Combobox.prototype.close = function () {
        this.listbox.hidden = true;
        this.input.setAttribute("aria-expanded", "false");
        this.setActive(-1);
    };

    Combobox.prototype.isOpen = function () {
        return !this.listbox.hidden;
    };

    Combobox.prototype.setActive = function (index) {
        if (this.options[this.active]) {
            this.options[this.active].classList.remove("is-active");
            this.options[this.active].setAttribute("aria-selected", "false");
        }
        this.active = index;
        var option = this.options[index];
        if (!option) {
            this.input.removeAttribute("aria-activedescendant");
            return;
        }
        option.classList.add("is-active");
        option.setAttribute("aria-selected", "true");
        this.input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
    };

    Combobox.prototype.move = function (step) {
        if (!this.options.length) { return; }
        if (!this.isOpen()) { this.open(); }
        var count = this.options.length;
        var next = this.active < 0 ? (step > 0 ? 0 : count - 1) : (this.active + step + count) % count;
        this.setActive(next);
    };

    Combobox.prototype.choose = function (option) {
        window.location.assign(option.getAttribute("data-url"));
    };

    Combobox.prototype.onKey = function (event) {
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            this.move(event.key === "ArrowDown" ? 1 : -1);
        } else if (event.key === "Enter" && this.isOpen() && this.options[this.active]) {
            event.preventDefault();
            this.choose(this.options[this.active]);
        } else if (event.key === "Escape") {
            if (this.isOpen()) {
                event.preventDefault();  // a search input would clear itself too
                event.stopPropagation();  // the header's own Escape handling waits for the next
                this.close();
            } else if (this.input.value) {
                this.input.value = "";
                this.asked = "";
            }
        } else if (event.key === "Tab") {
            this.close();
        }
    };

    Combobox.prototype.onClick = function (event) {
        var option = event.target.closest("[role=option]");
        if (option) { this.choose(option); }
    };

    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest-url]"), function (input) {
        if (document.getElementById(input.getAttribute("data-listbox")) &&
                document.getElementById(input.getAttribute("data-status"))) {
            new Combobox(input);  // eslint-disable-line no-new
        }
    });

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

    // Selects with data-submit-on-change (the catalogue's sort order) apply at once.
    document.addEventListener("change", function (event) {
        var field = event.target;
        if (field.hasAttribute && field.hasAttribute("data-submit-on-change") && field.form) {
            field.form.submit();
        }
    });

    // Buttons with data-print print the page (the order confirmation).
    document.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest("[data-print]");
        if (button) {
            event.preventDefault();
            window.print();
        }
    });

    // Forms with data-confirm ask first (inline onsubmit handlers are refused by the CSP).
    document.addEventListener("submit", function (event) {
        var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
        if (message && !window.confirm(message)) {
            event.preventDefault();
        }
    });
})();
