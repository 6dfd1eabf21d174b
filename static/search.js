// The search page (search.html): Pagefind's default UI over the index `newsgen build`
// wrote to pagefind/. Pagefind picks its interface language from <html lang>.
// Opened from disk, or when the build made no index, the page says why there is no search.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;

  function show(id) {  // one status line at a time; none once search works
    document.querySelectorAll("[data-search-state]").forEach(function (line) {
      line.hidden = line.id !== id;
    });
  }

  if (location.protocol === "file:") {  // browsers do not let a page fetch files from disk
    show("search-file");
    return;
  }
  var ui = new URL(box.dataset.ui, location.href);
  var script = document.createElement("script");
  script.src = ui.href;
  script.onerror = function () { show("search-unavailable"); };
  script.onload = function () {
    if (typeof window.PagefindUI !== "function") {
      show("search-unavailable");
      return;
    }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL(box.dataset.css, location.href).href;
    document.head.appendChild(css);
    show(null);
    // Pagefind shows a filter's name as it is in the index ("person"); say it in the page's language
    var labels = JSON.parse(box.dataset.filterLabels || "{}");
    new MutationObserver(function () {
      box.querySelectorAll(".pagefind-ui__filter-name, .pagefind-ui__filter-group-label").forEach(function (name) {
        var label = labels[name.textContent.trim().toLowerCase()];
        if (label && name.textContent !== label) name.textContent = label;  // (no loop in English)
      });
    }).observe(box, {childList: true, subtree: true});
    var search = new window.PagefindUI({
      element: "#search",
      bundlePath: ui.pathname.replace(/[^/]*$/, ""),  // works under any subpath
      showSubResults: true,
      showImages: false,
    });
    // Pagefind labels its input with a title only; the page's visible heading names it
    var input = box.querySelector("input");
    if (input) input.setAttribute("aria-labelledby", "search-heading");
    var query = new URLSearchParams(location.search).get("q");  // search.html?q=banjir
    if (query) search.triggerSearch(query);
  };
  document.head.appendChild(script);
})();
