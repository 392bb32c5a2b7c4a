/* Kitchen Table: search, answered by Pagefind in the page's own language.
 *
 * kitchen-table.js loads this file on the tap that opens search (never before), and the box has
 * the focus from that tap on, so letters typed while this file and Pagefind arrive wait in it.
 * Pagefind (site/pagefind/, written by the build: hooks/search.py) reads <html lang> and fetches
 * only that language's small index and the chunks each query needs, all from this site. Results
 * go into Material's own result list, so search looks like the rest of the site, in every
 * language and direction. Everything from the index is written as text, never as HTML.
 */
(function () {
  "use strict";

  var doc = document;
  var root = doc.querySelector("[data-kt-search]");
  if (!root) return;
  var box = root.querySelector("input.md-search__input");
  var form = root.querySelector("form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = doc.getElementById("__search");
  var folder = new URL(root.getAttribute("data-kt-search"), doc.baseURI);
  var site = new URL("../", folder);
  var placeholder = meta.textContent.trim();
  var SHOWN = 10;
  var PAUSE = 120;  // ms after a letter before searching (Pagefind's own UI waits 300)
  var lang = doc.documentElement.lang;
  var asked = 0;  // the latest query's number: an older answer arriving late is dropped

  var engine = import(new URL("pagefind.js", folder).href).then(function (pagefind) {
    if (pagefind.preview) throw new Error(root.getAttribute("data-kt-search-preview"));
    return pagefind.options({ basePath: folder.pathname, baseUrl: site.pathname, excerptLength: 24,
                              noWorker: true })
      .then(function () { return pagefind.init(); })
      .then(function () { return pagefind; });
  });

  function say(text) {
    meta.textContent = text;
  }

  function counted(results) {
    if (results === 0) return root.getAttribute("data-kt-search-none");
    if (results === 1) return root.getAttribute("data-kt-search-one");
    return root.getAttribute("data-kt-search-other").replace("#", String(results));
  }

  // Pagefind's excerpt is the page's text with <mark> around the words found: keep exactly that
  function excerpt(html, into) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    Array.prototype.forEach.call(parsed.body.firstChild.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = doc.createElement("mark");
        mark.textContent = node.textContent;
        into.appendChild(mark);
      } else {
        into.appendChild(doc.createTextNode(node.textContent));
      }
    });
  }

  function item(data) {
    var li = doc.createElement("li");
    li.className = "md-search-result__item";
    var link = doc.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    link.tabIndex = -1;
    var article = doc.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = doc.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    var text = doc.createElement("p");
    excerpt(data.excerpt || "", text);
    article.appendChild(title);
    article.appendChild(text);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  // Vietnamese without its marks: Pagefind finds "muong" in "muỗng", but đ is a letter of its
  // own, not d with a mark, and only ever starts a word: "dem" asks for "dem" and "đem" both
  // (a few words at most: at most 16 questions, the answers joined by Pagefind's score)
  function variants(query) {
    var asked = [""];
    query.split(/\s+/).forEach(function (word) {
      var next = [];
      asked.forEach(function (before) {
        var start = before ? before + " " : "";
        next.push(start + word);
        if (lang === "vi" && /^d/i.test(word) && asked.length < 16) {
          next.push(start + "đ" + word.slice(1));
        }
      });
      asked = next;
    });
    return asked;
  }

  // the answer to `query`: how many pages, and the first `shown` of them (url, title, excerpt)
  function find(query, shown, stale) {
    return engine.then(function (pagefind) {
      if (stale && stale()) return [];  // a later letter came: ask nothing, fetch nothing
      return Promise.all(variants(query).map(function (each) { return pagefind.search(each); }));
    }).then(function (answers) {
      var best = {};
      answers.forEach(function (found) {
        found.results.forEach(function (result) {
          if (!best[result.id] || best[result.id].score < result.score) best[result.id] = result;
        });
      });
      var results = Object.keys(best).map(function (id) { return best[id]; });
      results.sort(function (a, b) { return b.score - a.score; });
      return Promise.all(results.slice(0, shown).map(function (result) {
        return result.data();
      })).then(function (pages) {
        return { count: results.length, pages: pages };
      });
    });
  }
  window.kitchenTableSearch = find;  // the relevance tests ask what the box would show

  function search() {
    var query = box.value.trim();
    var number = ++asked;
    if (!query) {
      list.textContent = "";
      say(placeholder);
      return;
    }
    find(query, SHOWN, function () { return number !== asked; }).then(function (found) {
      if (number !== asked) return;
      list.textContent = "";
      found.pages.forEach(function (data) { list.appendChild(item(data)); });
      list.setAttribute("data-kt-answered", query);  // what the list answers (tests, bench)
      say(counted(found.count));
    }).catch(function (failure) {
      var preview = root.getAttribute("data-kt-search-preview");
      if (number !== asked) return;
      say(failure && failure.message === preview ? preview : root.getAttribute("data-kt-search-failed"));
    });
  }

  // letters typed together are one question: each question fetches the chunks it needs
  var pause = null;
  box.addEventListener("input", function () {
    clearTimeout(pause);
    asked++;  // an answer still on its way is no longer wanted
    var query = box.value.trim();
    if (query) {
      // start fetching the index chunks of these letters now, during the pause
      engine.then(function (pagefind) { return pagefind.preload(query); }).catch(function () {});
    }
    pause = setTimeout(search, PAUSE);
  });
  form.addEventListener("reset", function () {
    setTimeout(search, 0);  // after the box is emptied
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();  // Enter opens the first result, as Material's search does
    var first = list.querySelector("a.md-search-result__link");
    if (first) location.href = first.href;
  });
  doc.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      box.blur();
    }
  });
  search();  // the letters typed before this file arrived
})();
