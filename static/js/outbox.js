/* The phone's outbox: visits wait in IndexedDB until the server has acknowledged them.
 * A visit leaves the outbox only on 200/201; 409/422 move it to "problems" (kept, and saved to a
 * file on request); anything else is retried with a growing, jittered delay. */
(function () {
  'use strict';

  var LABELS = JSON.parse(document.getElementById('labels').textContent);
  var M = LABELS.messages;
  var DB_NAME = 'outreach-field';
  var OUTBOX = 'outbox';
  var PROBLEMS = 'problems';
  var META = 'meta';
  var BATCH = 500;
  var MAX_DELAY = 300;
  var delay = 0;
  var timer = null;
  var running = null;
  var again = false;
  var dbPromise = null;

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          var db = request.result;
          db.createObjectStore(OUTBOX, { keyPath: 'client_id' });
          db.createObjectStore(PROBLEMS, { keyPath: 'client_id' });
          db.createObjectStore(META);
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  /* Run fn(store) in a transaction; resolve with the request's result once the transaction is durable. */
  function withStore(name, mode, fn) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var request = fn(tx.objectStore(name));
        tx.oncomplete = function () { resolve(request ? request.result : undefined); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function all(name) { return withStore(name, 'readonly', function (s) { return s.getAll(); }); }
  function put(name, value, key) { return withStore(name, 'readwrite', function (s) { return s.put(value, key); }); }
  function remove(name, key) { return withStore(name, 'readwrite', function (s) { return s.delete(key); }); }
  function get(name, key) { return withStore(name, 'readonly', function (s) { return s.get(key); }); }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  /* The phone's local time with its offset, e.g. 2005-09-14T15:30:00-05:00. */
  function localIso(date) {
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    var offset = -date.getTimezoneOffset();
    var sign = offset >= 0 ? '+' : '-';
    var abs = Math.abs(offset);
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' +
      pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) +
      sign + pad(Math.floor(abs / 60)) + ':' + pad(abs % 60);
  }

  function byId(id) { return document.getElementById(id); }

  function note(text) {
    var el = byId('outbox-note');
    el.textContent = text || '';
    el.hidden = !text;
  }

  function render() {
    return Promise.all([all(OUTBOX), all(PROBLEMS)]).then(function (found) {
      var waiting = found[0].length;
      byId('outbox-count').textContent = waiting === 0 ? M.all_sent :
        waiting === 1 ? M.waiting_one : fmt(M.waiting_many, { n: waiting });
      byId('outbox').classList.toggle('waiting', waiting > 0);
      var problems = byId('outbox-problems');
      problems.hidden = found[1].length === 0;
      problems.textContent = fmt(M.problems, { n: found[1].length });
      return waiting;
    });
  }

  function queue(visit) {
    visit.client_id = visit.client_id || uuid4();
    return put(OUTBOX, { client_id: visit.client_id, visit: visit, queued_at: Date.now() }).then(render);
  }

  /* The device token: issued once per person and phone, kept for DEVICE_TOKEN_DAYS. */
  function ensureToken(data) {
    return get(META, 'token').then(function (saved) {
      if (saved && saved.user_id === data.user.id) { return saved.token; }
      return fetch('/field/device-token', {
        method: 'POST', credentials: 'same-origin', headers: { 'X-CSRFToken': data.csrf }
      }).then(function (response) {
        if (!response.ok) { throw new Error('token ' + response.status); }
        return response.json();
      }).then(function (body) {
        return put(META, { token: body.token, user_id: body.user_id }, 'token').then(function () { return body.token; });
      });
    });
  }

  /* data.json through the service worker: fresh when online, the saved copy when not. */
  function loadData() {
    return fetch('/field/data.json', { credentials: 'same-origin' }).then(function (response) {
      var type = response.headers.get('Content-Type') || '';
      if (!response.ok || type.indexOf('json') < 0) { throw new Error('sign-in'); }
      var offline = response.headers.get('X-Offline-Copy') === '1';
      return response.json().then(function (data) {
        data.offline = offline;
        if (!offline) {
          ensureToken(data).then(function () { sync(); }, function () {});
          refreshShellLanguage(data.lang);
        }
        return data;
      });
    });
  }

  /* The shell is cached in one language; when the person's language changes, fetch it again. */
  function refreshShellLanguage(lang) {
    if (lang && lang !== document.documentElement.lang && navigator.serviceWorker &&
        navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage('refresh-shell');
    }
  }

  function retryLater(message) {
    delay = Math.min(delay ? delay * 2 : 5, MAX_DELAY);
    var seconds = Math.round(delay * (0.75 + Math.random() / 2));
    clearTimeout(timer);
    timer = setTimeout(sync, seconds * 1000);
    note((message ? message + ' ' : '') + fmt(M.retry_in, { s: seconds }));
  }

  function redactionNote(results) {
    var kinds = {};
    results.forEach(function (r) {
      Object.keys(r.redactions || {}).forEach(function (field) {
        Object.keys(r.redactions[field]).forEach(function (kind) { kinds[kind] = true; });
      });
    });
    var list = Object.keys(kinds);
    return list.length ? ' ' + fmt(M.redacted, { what: list.join(', ') }) : '';
  }

  function sendChunk(token, chunk) {
    return fetch('/api/v1/visits/batch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token },
      body: JSON.stringify({ visits: chunk.map(function (item) { return item.visit; }) })
    }).then(function (response) {
      if (!response.ok) { var error = new Error('http'); error.status = response.status; throw error; }
      return response.json();
    }).then(function (body) {
      return Promise.all(body.results.map(function (result) {
        var item = chunk[result.index];
        if (result.status === 200 || result.status === 201) { return remove(OUTBOX, item.client_id); }
        if (result.status === 409 || result.status === 422) {
          item.error = result.error;
          return put(PROBLEMS, item).then(function () { return remove(OUTBOX, item.client_id); });
        }
        return null;
      })).then(function () { return body.results; });
    });
  }

  function runSync() {
    return Promise.all([all(OUTBOX), get(META, 'token')]).then(function (found) {
      var items = found[0].sort(function (a, b) { return a.queued_at - b.queued_at; });  // oldest first
      var saved = found[1];
      if (items.length === 0) { delay = 0; return render(); }
      if (!saved) { note(M.sign_in_again); return render(); }
      note(M.syncing);
      var results = [];
      var chain = Promise.resolve();
      for (var start = 0; start < items.length; start += BATCH) {
        (function (chunk) {
          chain = chain.then(function () {
            return sendChunk(saved.token, chunk).then(function (r) { results = results.concat(r); });
          });
        })(items.slice(start, start + BATCH));
      }
      return chain.then(function () {
        delay = 0;
        note(M.sent + redactionNote(results));
        return render();
      }, function (error) {
        if (error.status === 401) { return remove(META, 'token').then(function () { note(M.sign_in_again); return render(); }); }
        retryLater(error.status === 403 ? M.not_in_pair : (error.status ? '' : M.offline));
        return render();
      });
    });
  }

  /* One sync at a time; a call during a sync (a visit just queued) runs another right after it. */
  function sync() {
    if (running) {
      again = true;
      return running;
    }
    running = runSync().then(finish, function (error) { finish(); throw error; });
    return running;
  }

  function finish(result) {
    running = null;
    if (again) {
      again = false;
      return sync();
    }
    return result;
  }

  function saveToFile() {
    Promise.all([all(OUTBOX), all(PROBLEMS)]).then(function (found) {
      var body = JSON.stringify({
        saved_at: localIso(new Date()),
        visits: found[0].map(function (i) { return i.visit; }),
        problems: found[1].map(function (i) { return { visit: i.visit, error: i.error }; })
      }, null, 2);
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
      link.download = 'outreach-visits-' + localIso(new Date()).slice(0, 16).replace(/[:T]/g, '-') + '.json';
      document.body.appendChild(link);
      link.click();
      link.remove();
      note(M.file_saved);
    });
  }

  /* Times rendered by the server in UTC, shown in the phone's own time. */
  function localTimes() {
    Array.prototype.forEach.call(document.querySelectorAll('time[datetime]'), function (node) {
      node.textContent = new Date(node.dateTime).toLocaleTimeString(document.documentElement.lang || [], { hour: '2-digit', minute: '2-digit' });
    });
  }

  function start() {
    localTimes();
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' }).catch(function () {});
    }
    byId('sync-now').addEventListener('click', function () { clearTimeout(timer); delay = 0; sync(); });
    byId('save-file').addEventListener('click', saveToFile);
    window.addEventListener('online', function () { clearTimeout(timer); delay = 0; sync(); });
    window.addEventListener('offline', function () { note(M.offline); });
    var signOut = document.querySelector('form[action$="/logout"]');
    if (signOut) {
      signOut.addEventListener('submit', function (event) {
        var count = Number(byId('outbox').classList.contains('waiting'));
        if (count && !window.confirm(M.sign_out_waiting)) { event.preventDefault(); }
      });
    }
    render().then(function () { sync(); });
  }

  window.Field = {
    labels: LABELS, fmt: fmt, queue: queue, sync: sync, render: render, loadData: loadData,
    uuid4: uuid4, localIso: localIso
  };
  start();
})();
