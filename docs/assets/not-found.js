/* Kitchen Table: the one /404.html that GitHub Pages serves for a wrong address in any folder.
 * Without JavaScript it says "not found" in English and lists every language's words and home
 * page. Here, if the address is under a language's folder (/es/…), that language's block takes
 * the top of the page with its full sentence, in place of the English one.
 * It reads the address only; it sends nothing and stores nothing. */
(function () {
  "use strict";
  var page = document.querySelector("[data-kt-not-found]");
  if (!page) { return; }
  var here = page.querySelector("[data-kt-not-found-here]");
  var blocks = page.querySelectorAll("[data-kt-language]");
  var path = window.location.pathname;
  for (var i = 0; i < blocks.length; i += 1) {
    var block = blocks[i];
    var home = new URL(block.getAttribute("data-kt-home"), window.location.href).pathname;
    if (path.indexOf(home) !== 0) { continue; }
    var top = document.createElement("div");
    top.className = "kt-not-found__here";
    top.lang = block.lang;
    top.dir = block.dir;
    var title = document.createElement("h1");
    title.textContent = block.querySelector(".kt-not-found__title").textContent;
    var text = document.createElement("p");
    text.textContent = block.querySelector(".kt-not-found__text").textContent;
    var link = document.createElement("a");
    link.className = "kt-button kt-button--primary";
    link.href = block.querySelector("a").getAttribute("href");
    link.textContent = block.querySelector("a").textContent;
    var action = document.createElement("p");
    action.appendChild(link);
    top.appendChild(title);
    top.appendChild(text);
    top.appendChild(action);
    here.parentNode.insertBefore(top, here);
    here.hidden = true;
    document.title = title.textContent;
    return;
  }
}());
