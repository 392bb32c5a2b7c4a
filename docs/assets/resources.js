/* Kitchen Table: the community resources list, improved when JavaScript runs.
 * - a filter form (kind of help, language spoken, free) that keeps its state in the address
 *   (?category=food&language=es&free=1), so a filtered list can be shared or bookmarked;
 * - "near me": sorts by distance with navigator.geolocation; the position is used here, on the
 *   phone, and never sent anywhere;
 * - "Show map": only then loads Leaflet (served by this site) and the map tiles; if no tile
 *   arrives (offline, or the tile server does not answer) it says so in words, and places at
 *   the same spot are set side by side around it instead of one on top of the other.
 * The form replaces the filter links (one way in); without JavaScript the links stay.
 * Without JavaScript the list and the filter links (one page per kind, language, free) work.
 * A long list is shared out over pages (resources/page/2/ ...): the first filter, "near me" or
 * the map reads every place from resources/list.json (once) and lists them all; offline, or
 * without that file, they look at this page's places and say so. */
(function () {
  "use strict";
  var list = document.querySelector("[data-kt-resources]");
  var form = document.querySelector("[data-kt-filter]");
  if (!list || !form) { return; }
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-id]"));
  var count = document.querySelector("[data-kt-count]");
  var none = document.querySelector("[data-kt-none]");
  var tools = document.querySelector("[data-kt-tools]");
  var markers = {};
  var mapView = null;
  var staticFilters = document.querySelector("[data-kt-static-filters]");
  var pagesNav = document.querySelector("[data-kt-pages]");
  var offline = document.querySelector("[data-kt-offline]");
  var shownAtFirst = count.textContent;
  var complete = !pagesNav;  // this page holds every place
  var partial = false;       // list.json could not be read: this page's places only
  var loading = null;
  // kitchen-table.css shows the form and tools where (scripting: enabled) matches, from the
  // first paint; a browser that does not know that media feature gets them here
  if (!window.matchMedia("(scripting: enabled)").matches) {
    form.style.display = "flex";
    tools.style.display = "block";
  }
  if (staticFilters) { staticFilters.hidden = true; }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    form.elements.category.value = params.get("category") || "";
    form.elements.language.value = params.get("language") || "";
    form.elements.free.checked = params.get("free") === "1";
    // an unknown value (an old link) means "any"
    if (form.elements.category.value !== (params.get("category") || "")) { form.elements.category.value = ""; }
    if (form.elements.language.value !== (params.get("language") || "")) { form.elements.language.value = ""; }
  }

  function writeAddress() {
    var params = new URLSearchParams();
    if (form.elements.category.value) { params.set("category", form.elements.category.value); }
    if (form.elements.language.value) { params.set("language", form.elements.language.value); }
    if (form.elements.free.checked) { params.set("free", "1"); }
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  // -- every place, read once from resources/list.json ----------------------------------------
  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) { made.className = className; }
    if (text) { made.textContent = text; }
    return made;
  }
  // one place's line, as the page writes it (hooks/resources.py, partials/resources.html)
  function line(place, base) {
    var item = element("li", "kt-res-item");
    item.dataset.id = place.id;
    item.dataset.category = place.category;
    item.dataset.color = place.color;
    item.dataset.languages = place.languages.join(" ");
    item.dataset.free = place.free ? "1" : "0";
    item.dataset.lat = place.latitude;
    item.dataset.lon = place.longitude;
    var name = element("a", "kt-res-name", place.name);
    name.href = new URL(place.url, base).href;
    name.lang = place.language;
    item.appendChild(name);
    item.appendChild(element("p", "kt-res-org", place.organization));
    var facts = element("p", "kt-res-facts");
    var dot = element("span", "kt-res-dot kt-res-cat-" + place.category);
    dot.setAttribute("aria-hidden", "true");
    facts.appendChild(dot);
    facts.appendChild(document.createTextNode(place.category_label));
    if (place.free) {
      facts.appendChild(document.createTextNode(" · "));
      facts.appendChild(element("strong", "", list.dataset.ktFreeWord));
    }
    item.appendChild(facts);
    var where = element("p", "kt-res-address");
    where.appendChild(element("bdi", "", place.address));
    if (place.phone) {
      where.appendChild(document.createTextNode(" · "));
      var phone = element("a", "", place.phone);
      phone.href = place.phone_link;
      phone.dir = "ltr";
      where.appendChild(phone);
    }
    item.appendChild(where);
    if (place.out_of_date) { item.appendChild(element("p", "kt-res-stale", list.dataset.ktStaleWord)); }
    return item;
  }
  function everyPlace() {
    if (complete) { return Promise.resolve(); }
    if (!loading) {
      var address = new URL(list.dataset.ktList, window.location.href);
      list.setAttribute("aria-busy", "true");
      loading = fetch(address.href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (places) {
          items = places.map(function (place) { return line(place, address); });
          while (list.firstChild) { list.removeChild(list.firstChild); }
          items.forEach(function (item) { list.appendChild(item); });
          pagesNav.hidden = true;
          complete = true;
          list.setAttribute("data-kt-every-place", "");
        })
        .catch(function () { partial = true; })
        .then(function () { list.removeAttribute("aria-busy"); });
    }
    return loading;
  }

  function apply() {
    var category = form.elements.category.value;
    var language = form.elements.language.value;
    var free = form.elements.free.checked;
    var filtering = Boolean(category || language || free);
    var shown = 0;
    items.forEach(function (item) {
      var visible = (!category || item.dataset.category === category) &&
        (!language || item.dataset.languages.split(" ").indexOf(language) >= 0) &&
        (!free || item.dataset.free === "1");
      item.hidden = !visible;
      if (visible) { shown += 1; }
      var marker = markers[item.dataset.id];
      if (marker && visible && !mapView.hasLayer(marker)) { marker.addTo(mapView); }
      if (marker && !visible) { marker.remove(); }
    });
    // this page's places, unfiltered: the count stays the whole list's
    count.textContent = complete || filtering
      ? count.dataset.template.replace("{n}", String(shown)) : shownAtFirst;
    none.hidden = shown > 0;
    if (offline) { offline.hidden = !(partial && filtering); }
  }
  function chosen() {
    return form.elements.category.value || form.elements.language.value || form.elements.free.checked;
  }

  form.addEventListener("change", function () {
    writeAddress();
    if (chosen()) { everyPlace().then(apply); } else { apply(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    writeAddress();
    everyPlace().then(apply);
  });
  readAddress();
  apply();
  if (chosen()) { everyPlace().then(apply); }  // a shared filtered link

  // -- near me: sort by distance, on the phone ---------------------------------------------------
  var nearButton = document.querySelector("[data-kt-near]");
  var nearFailed = document.querySelector("[data-kt-near-failed]");
  function kilometres(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var h = Math.pow(Math.sin((lat2 - lat1) * rad / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin((lon2 - lon1) * rad / 2), 2);
    return 2 * 6371 * Math.asin(Math.sqrt(h));
  }
  function sortFrom(lat, lon) {
    items.forEach(function (item) {
      if (!item.dataset.lat) { item.distance = Infinity; return; } // no coordinates: listed last
      item.distance = kilometres(lat, lon, parseFloat(item.dataset.lat), parseFloat(item.dataset.lon));
      var shown = item.querySelector("[data-kt-distance]");
      if (!shown) {  // after the kind of help, on the line of facts
        shown = element("span", "kt-res-distance");
        shown.setAttribute("data-kt-distance", "");
        item.querySelector(".kt-res-facts").appendChild(shown);
      }
      shown.textContent = " · " + list.dataset.distance.replace("{n}", item.distance.toFixed(1));
    });
    items.sort(function (a, b) { return a.distance - b.distance; });
    items.forEach(function (item) { list.appendChild(item); });
  }
  if (!("geolocation" in navigator)) {
    nearButton.parentNode.hidden = true;
  }
  nearButton.addEventListener("click", function () {
    nearFailed.hidden = true;
    var places = everyPlace();
    navigator.geolocation.getCurrentPosition(
      function (position) {
        places.then(function () {
          apply();
          sortFrom(position.coords.latitude, position.coords.longitude);
        });
      },
      function () { nearFailed.hidden = false; },
      { maximumAge: 600000, timeout: 15000 });
  });

  // -- the map, only on request --------------------------------------------------------------------
  var mapButton = document.querySelector("[data-kt-show-map]");
  var mapBox = document.querySelector("[data-kt-map]");
  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
  // Places closer than a dot's width on the screen are set on a small ring around their middle,
  // so each dot can be seen and tapped; zooming in puts them back where they are.
  function spread() {
    var placed = [];
    Object.keys(markers).forEach(function (id) {
      var marker = markers[id];
      var point = mapView.latLngToLayerPoint(marker.home);
      var group = null;
      for (var i = 0; i < placed.length && !group; i += 1) {
        if (placed[i].centre.distanceTo(point) < 20) { group = placed[i]; }
      }
      if (!group) { group = { centre: point, members: [] }; placed.push(group); }
      group.members.push(marker);
    });
    placed.forEach(function (group) {
      var count = group.members.length;
      group.members.forEach(function (marker, index) {
        if (count === 1) { marker.setLatLng(marker.home); return; }
        var angle = 2 * Math.PI * index / count;
        var ring = 10 + 3 * count;
        var point = group.centre.add(window.L.point(Math.cos(angle) * ring, Math.sin(angle) * ring));
        marker.setLatLng(mapView.layerPointToLatLng(point));
      });
    });
  }
  function drawMap() {
    var L = window.L;
    mapBox.hidden = false;
    var map = L.map(mapBox, { scrollWheelZoom: false });
    mapView = map;
    var link = document.createElement("a");
    link.href = mapButton.dataset.attributionUrl;
    link.textContent = mapButton.dataset.attribution;
    var tiles = L.tileLayer(mapButton.dataset.tiles, {
      maxZoom: parseInt(mapButton.dataset.maxZoom, 10) || 19,
      attribution: "&copy; " + link.outerHTML
    }).addTo(map);
    var mapFailed = document.querySelector("[data-kt-map-failed]");
    var tilesArrived = 0;
    tiles.on("tileerror", function () { if (!tilesArrived) { mapFailed.hidden = false; } });
    tiles.on("tileload", function () { tilesArrived += 1; mapFailed.hidden = true; });
    var bounds = [];
    items.forEach(function (item) {
      if (!item.dataset.lat) { return; } // no coordinates: listed, no pin
      var position = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
      var anchor = item.querySelector("a.kt-res-name");
      var marker = L.circleMarker(position, {
        radius: 9, color: "#ffffff", weight: 2, fillColor: item.dataset.color, fillOpacity: 0.9,
        className: "kt-res-marker kt-res-marker--" + item.dataset.category
      }).addTo(map);
      marker.bindPopup('<a href="' + anchor.getAttribute("href") + '">' + escapeText(anchor.textContent) + "</a>");
      marker.home = L.latLng(position);
      markers[item.dataset.id] = marker;
      bounds.push(position);
    });
    map.fitBounds(bounds, { padding: [20, 20] });
    map.on("zoomend", spread);
    spread();
    mapButton.disabled = true;
    apply();
  }
  mapButton.addEventListener("click", function () {
    everyPlace().then(function () { if (window.L) { drawMap(); } else { loadMap(); } });
  });
  function loadMap() {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = mapButton.dataset.leafletCss;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = mapButton.dataset.leafletJs;
    script.onload = drawMap;
    document.head.appendChild(script);
  }
}());
