/* Kitchen Table: the little a page does with JavaScript. Every part is an extra: without it the
 * lists, grade and skill pages, cards, share links and printing all still work.
 *
 * Its first job: start Material's scripts only when the reader opens search (overrides/main.html
 * holds them back), so a family reading one card does not pay for the search machinery and the
 * whole library's index on a prepaid phone plan.
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

  /* -- Material's scripts on demand ------------------------------------------------------ */
  // Material's bundle runs search (its worker, then the index), and niceties a phone can do
  // without: the drawer, the language list and the header work with CSS alone. So its scripts
  // wait, inert, in <template id="kt-material-scripts"> until the reader reaches for search.
  (function materialOnDemand() {
    var held = doc.getElementById("kt-material-scripts");
    if (!held) return;
    var root = doc.documentElement;
    root.classList.remove("no-js");  // search can work: show it
    root.classList.add("js");
    var started = false;

    function start() {
      if (started) return;
      started = true;
      var scripts = all("script", held.content);
      (function next(index) {
        if (index === scripts.length) {
          // Material starts on DOMContentLoaded, long past by now: say it again
          doc.dispatchEvent(new Event("DOMContentLoaded"));
          return;
        }
        var script = doc.createElement("script");
        script.src = new URL(scripts[index].getAttribute("src"), doc.baseURI).href;
        script.onload = function () { next(index + 1); };
        doc.body.appendChild(script);
      })(0);
    }

    function onSearch(event) {
      var target = event.target;
      if (target && target.closest &&
          target.closest("[data-md-component=search], label[for=__search], #__search")) {
        start();
      }
    }
    // the search box takes the focus on the tap that opens it, so the phone's keyboard opens
    // and the letters typed at once land in it while Material's scripts are still on their way
    var toggle = doc.getElementById("__search");
    var box = one("input.md-search__input");
    if (toggle && box) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) box.focus();
      });
    }
    doc.addEventListener("focusin", onSearch, true);
    doc.addEventListener("click", onSearch, true);
    doc.addEventListener("change", onSearch, true);
    doc.addEventListener("keydown", function (event) {
      if (event.key === "/" || event.key === "s" || event.key === "f") {
        var field = event.target && event.target.closest && event.target.closest("input, select, textarea");
        if (!field) start();  // Material's own search shortcuts
      }
    });
  })();

  /* -- The catalog's filters, kept in the address (?grade=3&skill=math) --------------------- */
  (function filters() {
    var form = one("[data-kt-filters]");
    if (!form) return;
    var items = all(".kt-catalog__item");
    var count = one("[data-kt-count]");
    var none = one("[data-kt-none]");
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

    function matches(item, choice) {
      var facts = item.dataset;
      return Object.keys(choice).every(function (name) {
        var want = choice[name];
        if (name === "minutes") return Number(facts.minutes) <= Number(want);
        if (name === "home" || name === "free") return facts[name] === "1";
        return (" " + facts[name] + " ").indexOf(" " + want + " ") !== -1;
      });
    }

    function apply(remember) {
      var choice = chosen();
      var shown = 0;
      items.forEach(function (item) {
        var match = matches(item, choice);
        item.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = count.getAttribute("data-kt-count").replace("{n}", shown);
      show(none, shown === 0);
      describe();
      if (remember) {
        var query = new URLSearchParams(choice).toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
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
    apply(false);
    doc.documentElement.classList.remove("kt-filtering");  // the list as the link asked: show it
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
