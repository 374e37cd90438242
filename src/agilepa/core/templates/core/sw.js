/* Agile PA's service worker (agilepa/core/pwa.py says what it keeps and why).
   Network first everywhere: online, every page and file comes from the server as without the
   worker; offline, the copy kept last time, or for a page not kept the page saying the device
   is offline (with links to the pages that are). It keeps the static files, and the person's own
   pages (their week, their bookings, a seat's check-in) in a cache named for their owner. */
"use strict";

const CONFIG = {{ config|safe }};
const SHELL = "agilepa-shell-__VERSION__";
const PAGES = CONFIG.pages_cache;
const OWN_PAGES = CONFIG.pages.map((pattern) => new RegExp(pattern));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL)
      .then((cache) => cache.addAll([...CONFIG.shell, CONFIG.offline]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("agilepa-shell-") && key !== SHELL)
          .map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

function isOwnPage(url) {
  return url.origin === self.location.origin && OWN_PAGES.some((page) => page.test(url.pathname));
}

// Only a whole page of the site answered as it is: not a redirect (to the login page, when the
// session has ended), not an error, not an answer the server asked never to store.
function keepable(response) {
  return response.ok && response.type === "basic" && !response.redirected
    && !/no-store/.test(response.headers.get("Cache-Control") || "");
}

// The cache of the pages' owner, if a page has named one (see the "message" listener).
async function ownersCache() {
  const key = (await caches.keys()).find((name) => name.startsWith(PAGES));
  return key ? caches.open(key) : null;
}

// The server's answer as soon as it comes (kept in the background, `keep`); offline, the copy.
async function ownPage(request, keep) {
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const cache = await ownersCache();
    const kept = (cache && await cache.match(request, { ignoreVary: true }))
      || await offlinePage();
    if (kept) {
      return kept;
    }
    throw offline;
  }
  const copy = keepable(response) ? response.clone() : null;
  keep(ownersCache().then((cache) => {
    if (!cache) {
      return null;
    }
    return copy ? cache.put(request, copy) : cache.delete(request, { ignoreVary: true });
  }));
  return response;
}

// Offline, for a page not kept: the page saying so (kept when the worker installed), with
// links to the pages that are, instead of the browser's error.
function offlinePage() {
  return caches.match(CONFIG.offline, { cacheName: SHELL });
}

// Any other page of the site, straight from the server; offline, the page above.
async function otherPage(request) {
  try {
    return await fetch(request);
  } catch (offline) {
    const page = await offlinePage();
    if (page) {
      return page;
    }
    throw offline;
  }
}

async function staticFile(request, keep) {
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const kept = await caches.match(request, { ignoreVary: true });
    if (kept) {
      return kept;
    }
    throw offline;
  }
  if (response.ok) {
    const copy = response.clone();
    keep(caches.open(SHELL).then((cache) => cache.put(request, copy)));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Forms sent, API calls and everything not read with GET go to the server untouched.
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  const keep = (work) => event.waitUntil(work);
  if (request.mode === "navigate" && isOwnPage(url)) {
    event.respondWith(ownPage(request, keep));
  } else if (request.mode === "navigate" && url.origin === self.location.origin) {
    event.respondWith(otherPage(request));
  } else if (url.origin === self.location.origin && url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(staticFile(request, keep));
  }
});

// Each page of the site names who is logged in (an opaque key; empty for nobody): the copies
// of anyone else are dropped, and the page itself is kept if it is one of the person's own.
async function keepFor(owner, page) {
  const mine = owner ? PAGES + owner : null;
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith(PAGES) && name !== mine).map((name) => caches.delete(name))
  );
  if (!mine) {
    return;
  }
  const cache = await caches.open(mine);
  if (page && isOwnPage(new URL(page)) && !(await cache.match(page, { ignoreVary: true }))) {
    const response = await fetch(page, { credentials: "same-origin" });
    if (keepable(response)) {
      await cache.put(page, response);
    }
  }
}

// When the newest page that spoke was opened (its `performance.timeOrigin`). Messages of
// different pages may arrive out of order: the login page's "nobody" can come after the
// person's week, when the worker was still starting as the person logged in. Who is at the
// computer is what the most recently opened page says; an older page's word is ignored.
let newest = 0;

self.addEventListener("message", (event) => {
  if (event.origin !== self.location.origin || !event.data) {
    return;
  }
  const at = Number(event.data.at) || 0;
  const heeded = at >= newest;
  if (heeded) {
    newest = at;
  }
  const work = heeded ? keepFor(event.data.owner, event.data.page) : Promise.resolve();
  // A page (or a test) that passes a port hears when the worker has done what it was told.
  const reply = event.ports && event.ports[0];
  event.waitUntil(work.then(
    () => reply && reply.postMessage({ heeded }),
    (error) => reply && reply.postMessage({ heeded, error: String(error) })
  ));
});
