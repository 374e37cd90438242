/* The offline page (agilepa/core/pwa.py `offline`): lists the person's pages the service worker
   kept on this device, by their titles, read from the worker's cache. A file, not an inline
   script: the Content-Security-Policy allows only the site's own scripts. It sends the worker
   nothing: the page is the same for everyone and must not drop anyone's copies. */
(function () {
  "use strict";
  var list = document.getElementById("kept-pages");
  var none = document.getElementById("no-kept-pages");
  if (!list || !("caches" in window)) {
    return;
  }
  function titleOf(html) {
    var title = new DOMParser().parseFromString(html, "text/html").title;
    return title.split(" · ")[0].trim();
  }
  async function show() {
    var names = (await caches.keys()).filter(function (name) {
      return name.startsWith(list.dataset.cache);
    });
    var shown = 0;
    for (var name of names) {
      var cache = await caches.open(name);
      for (var request of await cache.keys()) {
        var response = await cache.match(request);
        var link = document.createElement("a");
        link.href = request.url;
        link.textContent = titleOf(await response.text()) || list.dataset.untitled;
        var item = document.createElement("li");
        item.appendChild(link);
        list.appendChild(item);
        shown += 1;
      }
    }
    none.hidden = shown > 0;
  }
  show();
})();
