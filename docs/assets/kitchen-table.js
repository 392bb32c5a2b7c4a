/* Kitchen Table: the little a page does with JavaScript. Every part is an extra: without it the
 * lists, grade and skill pages, cards, share links and printing all still work.
 *
 * Its first job: start search only when the reader opens it (assets/search.js and Pagefind), so
 * a family reading one card does not pay for the search machinery on a prepaid phone plan.
 */
(function () {
  "use strict";

  var doc = document;
  function all(selector, root) {
    return Array.prototype.slice.call((root || doc).querySelectorAll(selector));
  }
  function one(selector, root) {
    return (root || doc).querySelector(selector);
  }
  function show(element, shown) {
    if (element) element.hidden = !shown;
  }

  /* -- Search on demand ------------------------------------------------------------------ */
  // Search (assets/search.js, then Pagefind and a few chunks of this language's index) is
  // fetched on the tap that opens it, never before: a family reading one card pays nothing.
  var here = doc.currentScript ? doc.currentScript.src : doc.baseURI;
  (function searchOnDemand() {
    var box = one("[data-kt-search] input.md-search__input");
    if (!box) return;
    var root = doc.documentElement;
    root.classList.remove("no-js");  // search can work: show it
    root.classList.add("js");
    var started = false;

    // a file search will ask for, asked now: the later request by the same address is answered
    // by this one (a module's import, or a fetch of the same mode)
    function early(href, kind) {
      var link = doc.createElement("link");
      link.rel = kind === "module" ? "modulepreload" : "preload";
      if (kind !== "module") {
        link.as = "fetch";
        link.crossOrigin = "anonymous";  // a same-origin fetch's mode: this preload is the fetch's
      }
      link.href = href;
      doc.head.appendChild(link);
    }

    function start() {
      if (started) return;
      started = true;
      // everything the first search needs, at once, not each after the one that names it (each
      // a round trip on a phone): Pagefind's list of languages first (small, and it names this
      // language's index summary, asked for as soon as it arrives), search.js, Pagefind's
      // script and this language's WebAssembly (the build puts every language's at
      // wasm.<lang>.pagefind: hooks/search.py)
      var searchRoot = one("[data-kt-search]");
      var folder = new URL(searchRoot.getAttribute("data-kt-search"), doc.baseURI);
      var lang = root.lang.toLowerCase();
      // the list is asked for with a new address each time (a build changes it), as Pagefind
      // does; search.js hands this answer to Pagefind when it asks for the list
      var asked = fetch(new URL("pagefind-entry.json?ts=" + Date.now(), folder).href,
                        { credentials: "same-origin" });
      searchRoot.kitchenTableEntry = asked.then(function (response) { return response.clone(); },
                                                function () { return null; });
      asked
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (entry) {
          var index = entry && entry.languages && entry.languages[lang];
          if (!index) return;  // Pagefind picks another index itself: let it ask
          early(new URL("pagefind." + index.hash + ".pf_meta", folder).href);
        })
        .catch(function () {});  // only a head start: search.js asks again and says what failed
      var script = doc.createElement("script");
      script.src = new URL("search.js", here).href;
      doc.body.appendChild(script);
      early(new URL("pagefind.js", folder).href, "module");
      early(new URL("wasm." + lang + ".pagefind", folder).href);
    }

    function onSearch(event) {
      var target = event.target;
      if (target && target.closest &&
          target.closest("[data-md-component=search], label[for=__search], #__search")) {
        start();
      }
    }
    // the search box takes the focus on the tap that opens it, so the phone's keyboard opens
    // and the letters typed at once land in it while search is still on its way
    var toggle = doc.getElementById("__search");
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) box.focus();
      });
      // on a wide screen the box is in the header already: a tap or Tab into it opens search
      box.addEventListener("focus", function () {
        toggle.checked = true;
      });
    }
    doc.addEventListener("focusin", onSearch, true);
    doc.addEventListener("click", onSearch, true);
    doc.addEventListener("change", onSearch, true);
    doc.addEventListener("keydown", function (event) {
      // "/" opens search, as on Material's sites (not while writing in a field)
      var field = event.target && event.target.closest && event.target.closest("input, select, textarea");
      if (event.key === "/" && !field && toggle) {
        event.preventDefault();
        toggle.checked = true;
        box.focus();
        start();
      }
    });
  })();

  /* -- The catalog's filters, kept in the address (?grade=3&skill=math) --------------------- */
  // The list's pages hold some of the cards; a filter looks at all of them, read from
  // activities/cards.json (fetched once, the first time a filter is used). Offline or without
  // that file, the filters look at this page's cards and say so.
  (function filters() {
    var form = one("[data-kt-filters]");
    if (!form) return;
    var list = one(".kt-catalog");
    var pageItems = all(".kt-catalog__item", list);
    var pagesNav = one("[data-kt-pages]");
    var offline = one("[data-kt-offline]");
    var count = one("[data-kt-count]");
    var shownAtFirst = count.textContent;
    var none = one("[data-kt-none]");
    var cardsUrl = new URL(form.getAttribute("data-kt-cards"), location.href);
    var cards = null;   // every card, once fetched
    var loading = null;
    // the fold's one line: "Find an activity", or the filters a shared link chose and "Change"
    var summary = one("[data-kt-filters-summary]");
    var title = summary ? summary.textContent : "";
    var names = ["grade", "skill", "minutes", "setting", "lang", "home", "free"];

    function fromAddress() {
      var query = new URLSearchParams(location.search);
      names.forEach(function (name) {
        var field = form.elements[name];
        var value = query.get(name) || "";
        if (field.type === "checkbox") {
          field.checked = value === "1";
        } else {
          var known = all("option", field).some(function (o) { return o.value === value; });
          field.value = known ? value : "";
        }
      });
    }

    function chosen() {
      var choice = {};
      names.forEach(function (name) {
        var field = form.elements[name];
        var value = field.type === "checkbox" ? (field.checked ? "1" : "") : field.value;
        if (value) choice[name] = value;
      });
      return choice;
    }

    function matches(facts, choice) {
      return Object.keys(choice).every(function (name) {
        var want = choice[name];
        if (name === "minutes") return Number(facts.minutes) <= Number(want);
        if (name === "home" || name === "free") return facts[name] === "1";
        return (" " + facts[name] + " ").indexOf(" " + want + " ") !== -1;
      });
    }

    function fetchCards() {
      if (!loading) {
        list.setAttribute("aria-busy", "true");
        loading = fetch(cardsUrl.href, { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) throw new Error(String(response.status));
            return response.json();
          })
          .then(function (data) { cards = data; })
          .catch(function () { cards = false; });  // offline: this page's cards only
      }
      return loading;
    }

    // one card's line in the list, as the page writes it (title, grades · minutes · free)
    function item(card) {
      var li = doc.createElement("li");
      li.className = "kt-catalog__item";
      Object.keys(card.facts).forEach(function (name) { li.setAttribute("data-" + name, card.facts[name]); });
      var link = doc.createElement("a");
      link.className = "kt-catalog__link";
      link.href = new URL(card.url, cardsUrl).href;
      link.lang = card.language;
      link.textContent = card.title;
      var facts = doc.createElement("p");
      facts.className = "kt-catalog__facts";
      var parts = [card.grades, list.getAttribute("data-kt-minutes").replace("{n}", card.minutes)];
      if (card.free) parts.push(list.getAttribute("data-kt-free"));
      parts.forEach(function (part, index) {
        if (index) facts.appendChild(doc.createTextNode(" · "));
        var span = doc.createElement("span");
        span.textContent = part;
        facts.appendChild(span);
      });
      li.appendChild(link);
      li.appendChild(facts);
      return li;
    }

    function showList(items) {
      while (list.firstChild) list.removeChild(list.firstChild);
      items.forEach(function (element) { list.appendChild(element); });
    }

    function render(choice) {
      var filtering = Object.keys(choice).length > 0;
      var shown = 0;
      if (!filtering) {
        showList(pageItems);
        pageItems.forEach(function (element) { element.hidden = false; });
        count.textContent = shownAtFirst;
        show(none, false);
      } else if (cards) {
        var found = cards.filter(function (card) { return matches(card.facts, choice); });
        showList(found.map(item));
        shown = found.length;
      } else {
        showList(pageItems);
        pageItems.forEach(function (element) {
          var match = matches(element.dataset, choice);
          element.hidden = !match;
          if (match) shown += 1;
        });
      }
      if (filtering) {
        count.textContent = count.getAttribute("data-kt-count").replace("{n}", shown);
        show(none, shown === 0);
      }
      show(pagesNav, !filtering || !cards);
      show(offline, filtering && cards === false && Boolean(pagesNav));
    }

    function apply(remember) {
      var choice = chosen();
      describe();
      if (remember) {
        var query = new URLSearchParams(choice).toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
      if (Object.keys(choice).length && cards === null) {
        if (!pagesNav) cards = false;  // every card is on this page: nothing to fetch
        else {
          return fetchCards().then(function () {
            render(chosen());
            list.removeAttribute("aria-busy");  // the list is what the filters ask
          });
        }
      }
      render(choice);
      return Promise.resolve();
    }

    function describe() {
      if (!summary) return;
      var labels = names.map(function (name) {
        var field = form.elements[name];
        if (field.type === "checkbox") {
          return field.checked ? field.parentNode.textContent.trim() : "";
        }
        return field.value ? field.options[field.selectedIndex].textContent.trim() : "";
      }).filter(Boolean);
      summary.textContent = labels.length ? title + ": " + labels.join(" · ") : title;
      if (labels.length) {
        var change = doc.createElement("span");
        change.className = "kt-filters__change";
        change.textContent = summary.getAttribute("data-kt-change");
        summary.appendChild(doc.createTextNode(" "));
        summary.appendChild(change);
      }
    }

    fromAddress();
    show(form, true);
    show(one("[data-kt-filters-static]"), false);  // the form does their job now
    apply(false).then(function () {
      doc.documentElement.classList.remove("kt-filtering");  // the list as the link asked: show it
    });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () { fromAddress(); apply(false); });
  })();

  /* -- My child: grades saved on this phone only ------------------------------------------ */
  (function myChild() {
    var KEY = "kitchen-table:grades";
    var form = one("[data-kt-save-grade]");
    var section = one("[data-kt-my-child]");
    if (!form || !section) return;
    var storage;
    try { storage = window.localStorage; } catch (error) { storage = null; }  // turned off
    if (!storage) { form.setAttribute("data-kt-off", ""); return; }
    var boxes = all("input[name=grade]", form);

    function saved() {
      var grades = (storage.getItem(KEY) || "").split(" ");
      return boxes.filter(function (box) { return grades.indexOf(box.value) !== -1; });
    }

    function fill() {
      var grades = saved();
      boxes.forEach(function (box) { box.checked = grades.indexOf(box) !== -1; });
      var list = one("[data-kt-my-child-list]", section);
      var more = one("[data-kt-my-child-more]", section);
      list.textContent = "";
      more.textContent = "";
      show(section, grades.length > 0);
      var seen = {};
      grades.forEach(function (box) {
        var address = new URL(box.getAttribute("data-kt-url"), location.href);
        var link = doc.createElement("a");
        link.className = "kt-button";
        link.href = address.href;
        link.textContent = more.getAttribute("data-kt-label").replace("{grade}", box.getAttribute("data-kt-label"));
        var entry = doc.createElement("li");
        entry.appendChild(link);
        more.appendChild(entry);
        // the grade's own page is the list: take its first cards
        fetch(address.href).then(function (response) {
          return response.ok ? response.text() : "";
        }).then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          all(".kt-catalog__item", page).slice(0, 4).forEach(function (item) {
            all("a[href]", item).forEach(function (a) {
              a.href = new URL(a.getAttribute("href"), address).href;
            });
            var key = one("a", item).href;
            if (seen[key]) return;
            seen[key] = true;
            list.appendChild(doc.importNode(item, true));
          });
        });
      });
    }

    show(form, true);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var grades = boxes.filter(function (box) { return box.checked; })
        .map(function (box) { return box.value; });
      if (grades.length) storage.setItem(KEY, grades.join(" "));
      else storage.removeItem(KEY);
      fill();
      if (grades.length) section.scrollIntoView();
    });
    one("[data-kt-forget]", section).addEventListener("click", function () {
      storage.removeItem(KEY);
      fill();
    });
    fill();
  })();

  /* -- Read aloud, with a voice for the card's language ----------------------------------- */
  (function readAloud() {
    var button = one("[data-kt-read]");
    var speech = window.speechSynthesis;
    if (!button || !speech || !window.SpeechSynthesisUtterance) return;
    var language = button.getAttribute("data-kt-read").toLowerCase();
    var label = button.textContent;
    var voice = null;

    function findVoice() {
      voice = speech.getVoices().filter(function (candidate) {
        var tag = (candidate.lang || "").toLowerCase().replace("_", "-");
        return tag === language || tag.indexOf(language + "-") === 0;
      })[0] || null;
      show(button, voice !== null);
    }

    function stop() {
      speech.cancel();
      button.textContent = label;
      button.setAttribute("aria-pressed", "false");
    }

    function parts() {
      var card = one(".kt-card");
      return all("h1, .kt-card__summary, .kt-card__section h2, .kt-card__section li, .kt-card__section p", card)
        .map(function (element) { return element.textContent.trim(); })
        .filter(Boolean);
    }

    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") return stop();
      speech.cancel();
      button.textContent = button.getAttribute("data-kt-stop");
      button.setAttribute("aria-pressed", "true");
      var chunks = parts();
      chunks.forEach(function (text, index) {
        // one utterance per line: long ones are cut short by some browsers
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = voice.lang;  // the browser speaks it with a voice for that language
        if (index === chunks.length - 1) utterance.onend = stop;
        speech.speak(utterance);
      });
    });
    findVoice();
    if (speech.addEventListener) speech.addEventListener("voiceschanged", findVoice);
  })();

  /* -- This week's pack: the week that holds today's date on this phone ------------------ */
  (function thisWeek() {
    var link = one("[data-kt-this-week]");
    if (!link) return;
    var now = new Date();
    var today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    var current = null;
    all("[data-kt-week-start]").forEach(function (week) {
      var parts = week.getAttribute("data-kt-week-start").split("-");
      var start = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
      if (start <= today) current = week;  // the weeks are in date order: keep the last one
    });
    if (!current) return;  // before the first week: the link keeps opening the list
    link.href = current.href;
    link.textContent = link.textContent + ": " + current.textContent;
  })();

  /* -- Print, copy and share -------------------------------------------------------------- */
  all("[data-kt-print]").forEach(function (button) {
    show(button, typeof window.print === "function");
    button.addEventListener("click", function () { window.print(); });
  });

  /* Copy buttons: data-kt-copy (the card's address) or data-kt-copy-words hold the "copied"
     words, data-kt-copy-from the id of the field to copy (the card's address when absent); the
     status is the section's [data-kt-copied] or [data-kt-copy-status]. */
  all("[data-kt-copy], [data-kt-copy-from]").forEach(function (copy) {
    var field = doc.getElementById(copy.getAttribute("data-kt-copy-from") || "kt-address");
    if (!field || !navigator.clipboard) return;
    var section = copy.closest("section") || doc;
    var status = one("[data-kt-copied], [data-kt-copy-status]", section);
    show(copy, true);
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) {
          status.textContent = copy.getAttribute("data-kt-copy") || copy.getAttribute("data-kt-copy-words");
        }
      }, function () {
        field.select();  // the family can still copy it by hand
      });
    });
  });

  (function share() {
    var address = one("#kt-address");
    if (!address) return;
    var more = one("[data-kt-share]");
    if (more && navigator.share) {
      show(more, true);
      more.addEventListener("click", function () {
        // a family closing the share sheet rejects the promise: nothing went wrong
        navigator.share({ title: doc.title, url: address.value }).catch(function () {});
      });
    }
  })();
})();
