/* Offline for families with little data: registers this language's service worker (sw.js at
   the language's root, same origin), offers "Save for offline" with its size on a week's page,
   and on the offline page lists what this phone has saved. Without JavaScript or without
   service workers nothing shows and the site works as before. Loaded only by the week pages,
   the home page's "this week" and the offline page (hooks/offline.py). */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.caches) return;
  var me = document.querySelector("script[data-kt-offline-root]");
  if (!me) return;
  var root = new URL(me.getAttribute("data-kt-offline-root"), document.baseURI);
  navigator.serviceWorker.register(new URL("sw.js", root).href, {scope: root.href})
    .catch(function () { /* private mode or an old phone: the site simply stays online-only */ });
  var cacheName = me.getAttribute("data-kt-offline-cache");

  function kilobytes(bytes) { return Math.max(1, Math.round(bytes / 1024)) + " KB"; }

  function save(button, entry, base) {
    var status = button.parentNode.querySelector("[data-kt-offline-status]");
    button.disabled = true;
    caches.open(cacheName).then(function (cache) {
      return cache.addAll(entry.urls.map(function (url) { return new URL(url, base).href; }));
    }).then(function () {
      status.textContent = button.getAttribute("data-kt-saved");
    }, function () {
      status.textContent = button.getAttribute("data-kt-failed");
      button.disabled = false;
    });
  }

  var manifest = document.querySelector("[data-kt-offline-manifest]");
  if (manifest) {
    var base = new URL(manifest.getAttribute("data-kt-offline-manifest"), document.baseURI);
    fetch(base.href).then(function (response) { return response.json(); }).then(function (data) {
      document.querySelectorAll("[data-kt-offline-band]").forEach(function (box) {
        var entry = data.bands[box.getAttribute("data-kt-offline-band")];
        if (!entry) return;
        var button = box.querySelector("button");
        button.textContent = button.getAttribute("data-kt-label")
          .replace("{size}", kilobytes(entry.bytes));
        button.addEventListener("click", function () { save(button, entry, base); });
        box.hidden = false;
      });
    }).catch(function () { /* offline already, or no manifest: no button */ });
  }

  var list = document.querySelector("[data-kt-offline-list]");
  if (list) {
    caches.open(cacheName).then(function (cache) { return cache.keys(); }).then(function (keys) {
      var pages = keys.filter(function (request) {
        var path = new URL(request.url).pathname;
        return path.slice(-1) === "/" && path.indexOf("/offline/") === -1;
      });
      return Promise.all(pages.map(function (request) {
        return caches.match(request).then(function (response) { return response.text(); })
          .then(function (html) {
            var found = /<title>([^<]*)<\/title>/.exec(html);
            var title = document.createElement("textarea");
            title.innerHTML = found ? found[1] : request.url;  // decodes &amp; and the like
            // each page's name alone: "Spoon count", not "Spoon count - Kitchen Table" on
            // every line (this page's own title ends with the site's name after " · ")
            var site = " - " + document.title.split(" · ").pop();
            var name = title.value.slice(-site.length) === site
              ? title.value.slice(0, -site.length) : title.value;
            return {url: request.url, title: name};
          });
      }));
    }).then(function (pages) {
      if (!pages.length) return;
      list.textContent = "";
      pages.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = page.url;
        link.textContent = page.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      document.querySelector("[data-kt-offline-none]").hidden = true;
      document.querySelector("[data-kt-offline-some]").hidden = false;
    });
  }
})();
