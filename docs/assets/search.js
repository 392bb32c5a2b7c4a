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
  var FIRST = 6;  // results whose text is fetched for the first screen (a phone shows 5 and a half)
  var MORE = 5;  // and each time the reader scrolls to the end of those shown
  var PAUSE = 120;  // ms after a letter before searching (Pagefind's own UI waits 300)
  var lang = doc.documentElement.lang;
  var asked = 0;  // the latest query's number: an older answer arriving late is dropped

  // Pagefind's own requests, answered sooner (every other request goes by untouched):
  // - its list of languages (pagefind-entry.json) by the answer kitchen-table.js asked for on
  //   the tap, not by a second request a round trip later;
  // - its files are gzip streams, which its script inflates in JavaScript: slow on a cheap phone
  //   (a first search's WebAssembly and index chunks are some 350 KB inflated). A host that
  //   sends them as Content-Encoding: gzip has the browser do it, and Pagefind then takes them
  //   as they are (it looks for its signature); ours may not, so the browser's
  //   DecompressionStream does it here.
  var ownFiles = new RegExp("^" + folder.pathname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") +
                            "(?:.*\\.pf_(?:meta|index|fragment|filter)|wasm\\.[^/]*\\.pagefind)$");
  var entry = root.kitchenTableEntry;
  var inflate = "DecompressionStream" in window;
  if (window.fetch) {
    var plainFetch = window.fetch;
    window.fetch = function (input) {
      var self = this, given = arguments;
      var address = new URL(typeof input === "string" ? input : input.url, doc.baseURI);
      var own = address.origin === location.origin;
      if (own && entry && address.pathname === folder.pathname + "pagefind-entry.json") {
        var early = entry;
        entry = null;  // once: a later list is asked for anew
        return early.then(function (response) {
          return response && response.ok ? response : plainFetch.apply(self, given);
        });
      }
      var answer = plainFetch.apply(this, arguments);
      if (!own || !inflate || !ownFiles.test(address.pathname)) return answer;
      return answer.then(function (response) {
        if (!response.ok) return response;
        return response.arrayBuffer().then(function (bytes) {
          var head = new Uint8Array(bytes, 0, 2);
          var body = new Blob([bytes]);
          if (head[0] === 0x1f && head[1] === 0x8b) {  // gzip, as Pagefind wrote it
            body = body.stream().pipeThrough(new DecompressionStream("gzip"));
          }
          return new Response(body, { status: response.status, headers: response.headers });
        });
      });
    };
  }

  var engine = import(new URL("pagefind.js", folder).href).then(function (pagefind) {
    if (pagefind.preview) throw new Error(root.getAttribute("data-kt-search-preview"));
    var options = { basePath: folder.pathname, baseUrl: site.pathname, excerptLength: 24,
                    noWorker: true };
    return pagefind.options(options)
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

  // the answer to `query`: how many pages, the first `shown` of them (url, title, excerpt), and
  // the rest, whose texts are fetched only when the reader scrolls to them
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
      if (stale && stale()) return { count: 0, pages: [], rest: [] };  // nor fetch their texts
      return texts(results.slice(0, shown)).then(function (pages) {
        return { count: results.length, pages: pages, rest: results.slice(shown) };
      });
    });
  }
  function texts(results) {
    return Promise.all(results.map(function (result) { return result.data(); }));
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
    var current = function () { return number !== asked; };
    find(query, FIRST, current).then(function (found) {
      if (number !== asked) return;
      list.textContent = "";
      found.pages.forEach(function (data) { list.appendChild(item(data)); });
      list.setAttribute("data-kt-answered", query);  // what the list answers (tests, bench)
      say(counted(found.count));
      more(found.rest, current);
    }).catch(function (failure) {
      var preview = root.getAttribute("data-kt-search-preview");
      if (number !== asked) return;
      say(failure && failure.message === preview ? preview : root.getAttribute("data-kt-search-failed"));
    });
  }

  // the next results' texts once the reader has seen (nearly) all of the last one shown (a
  // phone's screen holds about FIRST: the others cost a family's data only if looked at)
  var watching = null;
  function more(rest, stale) {
    if (watching) watching.disconnect();
    watching = null;
    var last = list.lastElementChild;
    if (!rest.length || !last) return;
    if (!("IntersectionObserver" in window)) {
      texts(rest).then(function (pages) {
        if (!stale()) pages.forEach(function (data) { list.appendChild(item(data)); });
      });
      return;
    }
    watching = new IntersectionObserver(function (seen) {
      if (!seen.some(function (each) { return each.isIntersecting; })) return;
      watching.disconnect();
      texts(rest.slice(0, MORE)).then(function (pages) {
        if (stale()) return;
        pages.forEach(function (data) { list.appendChild(item(data)); });
        more(rest.slice(MORE), stale);
      }).catch(function () {});  // offline: the results shown stay, the next are not added
    }, { root: root.querySelector(".md-search__scrollwrap"), threshold: 0.9 });
    watching.observe(last);
  }

  // letters typed together are one question: each question fetches the chunks it needs
  var pause = null;
  box.addEventListener("input", function () {
    clearTimeout(pause);
    asked++;  // an answer still on its way is no longer wanted
    var number = asked;
    // start fetching the index chunks of these letters now, during the pause; letters typed
    // while search was still loading ask only for the last word's, not for each letter's
    engine.then(function (pagefind) {
      var query = box.value.trim();
      if (query && number === asked) return pagefind.preload(query);
    }).catch(function () {});
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
