/* Registers Agile PA's service worker (served at the site's root: agilepa/core/pwa.py) and
   tells it whose pages these are, so that it keeps the person's own pages for offline use and
   drops anyone else's. A file, not an inline script: the Content-Security-Policy allows only
   the site's own scripts. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) {
    return;
  }
  navigator.serviceWorker.register(script.dataset.worker, { scope: "/" })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      // When this page was opened: the worker heeds the newest page (see sw.js).
      registration.active.postMessage({
        owner: script.dataset.owner,
        page: location.href,
        at: performance.timeOrigin
      });
    })
    .catch(function (error) { console.warn("Agile PA: no offline copies:", error); });

  // The page is a copy kept on this device: say so, as the buttons on it will not work.
  var notice = document.getElementById("offline-notice");
  function showState() {
    if (notice) {
      notice.hidden = navigator.onLine;
    }
  }
  window.addEventListener("online", showState);
  window.addEventListener("offline", showState);
  showState();
})();
