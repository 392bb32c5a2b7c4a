/* Kitchen Table: the link builder on the page for schools (/for-schools/), when JavaScript runs.
 * - it shows the filtered list's address in any of the site's languages, ready to copy, and
 *   follows every later change of grade, skill or language;
 * - it draws that address's QR code (SVG, shown and offered as a download). The QR library
 *   (qrcode-generator, vendored under assets/vendor/, 12 KB compressed) is loaded from this site
 *   the first time a reader makes a link.
 * Only this page loads this file. Without JavaScript the builder is a plain GET form that opens
 * the filtered list in this page's language. */
(function () {
  "use strict";

  var doc = document;
  function one(selector, root) {
    return (root || doc).querySelector(selector);
  }
  function show(element, shown) {
    if (element) element.hidden = !shown;
  }

  (function linkBuilder() {
    var form = one("[data-kt-link-builder]");
    if (!form) return;
    var language = one("[data-kt-language]", form);
    var result = one("[data-kt-link-result]");
    var figure = one("[data-kt-link-qr]", result);
    var image = one("[data-kt-link-qr-image]", result);
    var download = one("[data-kt-link-qr-svg]", result);
    var loading = null;
    show(one("[data-kt-link-language]", form), true);

    function library() {
      if (window.qrcode) return Promise.resolve(window.qrcode);
      if (!loading) {
        loading = new Promise(function (resolve, reject) {
          var script = doc.createElement("script");
          script.src = result.getAttribute("data-kt-qr-script");
          script.onload = function () { resolve(window.qrcode); };
          script.onerror = reject;
          doc.head.appendChild(script);
        });
      }
      return loading;
    }

    // an SVG of whole modules with a four-module quiet zone, as hooks/newsletter.py's files
    function svg(qrcode, address) {
      var code = qrcode(0, "M");
      code.addData(address);
      code.make();
      var size = code.getModuleCount();
      var path = "";
      for (var row = 0; row < size; row++) {
        for (var column = 0; column < size; column++) {
          if (code.isDark(row, column)) path += "M" + (column + 4) + " " + (row + 4) + "h1v1h-1z";
        }
      }
      var side = size + 8;
      return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + side + " " + side +
        '" width="' + side * 4 + '" height="' + side * 4 + '" shape-rendering="crispEdges">' +
        '<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="' + path + '"/></svg>';
    }

    function update() {
      var query = new URLSearchParams();
      ["grade", "skill"].forEach(function (name) {
        if (form.elements[name].value) query.set(name, form.elements[name].value);
      });
      var address = new URL(language.value, location.href).href +
        (query.toString() ? "?" + query.toString() : "");
      one("#kt-link", result).value = address;
      one("[data-kt-link-open]", result).href = address;
      show(result, true);
      show(figure, false);  // never the QR code of an earlier choice
      library().then(function (qrcode) {
        if (one("#kt-link", result).value !== address) return;  // the choice changed meanwhile
        var file = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg(qrcode, address));
        image.src = file;
        image.alt = image.getAttribute("data-kt-qr-words") + ": " + address;
        image.setAttribute("data-kt-qr-for", address);
        download.href = file;
        download.download = "qr-" + address.replace(/^[a-z]+:\/\/[^/]*\//, "")
          .replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") + ".svg";
        show(figure, true);
      }, function () {
        show(figure, false);  // no QR code, the link itself still works
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });
    form.addEventListener("change", function () {
      if (!result.hidden) update();  // once a link is shown, it follows every choice
    });
  })();
})();
