/* The field app's service worker: the shell from the cache (nothing downloaded on later loads),
 * the pair's data fresh when there is a network and the saved copy when not. The API is never cached.
 * One per operation (DESIGN section 7): its scope is the operation's field pages (/o/SLUG/field/), its
 * addresses are the operation's (url_for), and its caches are named after the operation. */
'use strict';
const VERSION = {{ version | tojson }};
const SHELL = {{ shell | tojson }};
const FIELD = {{ url_for('field.home') | tojson }};
const CACHE_PREFIX = 'field-' + {{ current_operation.slug | tojson }} + '-';
const CACHE = CACHE_PREFIX + VERSION;
// The caches of the one service worker there was before operations (scope /field/): 'field-' and a version.
const UNSCOPED_CACHE = /^field-[0-9a-f]{16}$/;
const DATA = {{ url_for('field.data') | tojson }};
const OFFLINE = {{ url_for('field.offline') | tojson }};
const STREETS = {{ url_for('maps.streets_json') | tojson }};
const TILES = {{ (url_for('maps.tile', z=0, x=0, y=0).partition('0/0/0.mvt')[0]) | tojson }};
const TILE_CACHE = 'outreach-tiles';  // kept across shell versions (see activate); tiles' addresses name their operation
// Every block page is one shell filled from data.json, so each of the pair's blocks opens offline.
const BLOCK_PAGE = new RegExp('^' + FIELD + 'blocks/\\d+$');  // a slug is [a-z0-9-]: nothing to escape
const BLOCK_SHELL = {{ url_for('field.block_shell') | tojson }};
// Every gathering page is one shell too, filled from data.json (issue 27).
const GATHERING_PAGE = new RegExp('^' + FIELD + 'gatherings/\\d+$');
const GATHERING_SHELL = {{ url_for('field.gathering_shell') | tojson }};
// The gathering page and its code: kept only for a volunteer whose data.json lists a gathering they hold.
const FACILITATOR_SHELL = {{ facilitator_shell | tojson }};

/* Fetch and keep one URL; a redirect (to the sign-in page) or an error is not kept. The browser's HTTP
 * cache may answer: static URLs are versioned (?v=hash), so a file the page just loaded is not fetched twice. */
function keep(cache, url) {
  return fetch(url, { credentials: 'same-origin' }).then(function (response) {
    if (!response.ok || response.redirected) { throw new Error('not cached: ' + url); }
    return cache.put(url, response);
  });
}

function fillShell() {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(SHELL.map(function (url) { return keep(cache, url); }).concat(
      // The facilitator's pages are refilled (a new language) only where they were kept.
      FACILITATOR_SHELL.map(function (url) {
        return cache.match(url).then(function (kept) { return kept && keep(cache, url); });
      })));
  });
}

/* Keep the gathering page and its code once data.json (a Response) lists a gathering this volunteer holds. */
function keepFacilitatorShell(response) {
  return response.json().then(function (data) {
    if (!data.gatherings || !data.gatherings.length) { return undefined; }
    return caches.open(CACHE).then(function (cache) {
      return Promise.all(FACILITATOR_SHELL.map(function (url) {
        return cache.match(url).then(function (kept) { return kept || keep(cache, url); });
      }));
    });
  }).catch(function () {});
}

/* The pair's data.json too: the page that installed us fetched it before we could keep it. */
function keepData() {
  return caches.open(CACHE).then(function (cache) {
    return fetch(DATA, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error('not cached: ' + DATA); }
      return cache.put(DATA, response.clone()).then(function () { return keepFacilitatorShell(response); });
    });
  }).catch(function () {});
}

self.addEventListener('install', function (event) {
  event.waitUntil(Promise.all([fillShell(), keepData()]).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return (key.indexOf(CACHE_PREFIX) === 0 && key !== CACHE) || UNSCOPED_CACHE.test(key);
    })
      .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('message', function (event) {
  if (event.data === 'refresh-shell') { event.waitUntil(fillShell()); }
});

/* Network first; keep a good answer; when there is no network, the kept copy (marked) or `fallback`. */
function networkFirst(request, fallback) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      const copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      if (new URL(request.url).pathname === DATA) { keepFacilitatorShell(response.clone()); }  // a new gathering
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (kept) {
      if (!kept) { return fallback ? caches.match(fallback) : Response.error(); }
      const headers = new Headers(kept.headers);
      headers.set('X-Offline-Copy', '1');
      return kept.blob().then(function (body) { return new Response(body, { status: kept.status, headers: headers }); });
    });
  });
}

self.addEventListener('fetch', function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0) {
    return;
  }
  if (SHELL.indexOf(url.pathname) >= 0 && url.searchParams.has('lang')) {
    // A language was just chosen (/language/<code> adds ?lang=): refill the shell in it, then show it.
    event.respondWith(fillShell().then(function () { return caches.match(url.pathname); })
      .catch(function () { return fetch(request).catch(function () { return caches.match(url.pathname); }); }));
  } else if (SHELL.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(url.pathname).then(function (kept) { return kept || fetch(request); }));
  } else if (BLOCK_PAGE.test(url.pathname)) {
    event.respondWith(caches.match(BLOCK_SHELL).then(function (kept) { return kept || fetch(request); }));
  } else if (GATHERING_PAGE.test(url.pathname)) {
    event.respondWith(caches.match(GATHERING_SHELL).then(function (kept) { return kept || fetch(request); }));
  } else if (url.pathname === DATA || url.pathname === STREETS) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.indexOf(TILES) === 0) {
    // Basemap tiles: those of the pair's blocks were kept by js/map/basemap.js (within its budget).
    event.respondWith(caches.open(TILE_CACHE).then(function (cache) { return cache.match(request); })
      .then(function (kept) { return kept || fetch(request); }));
  } else if (request.mode === 'navigate' && url.pathname.indexOf(FIELD) === 0) {
    event.respondWith(networkFirst(request, OFFLINE));
  } else if (url.pathname.indexOf('/static/') === 0) {
    event.respondWith(caches.match(request).then(function (kept) { return kept || fetch(request); }));
  }
});
