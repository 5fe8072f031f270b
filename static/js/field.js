/* Every field page: the service worker, the outbox strip, help now, messages from the staging area. */
import { localTimes, registerServiceWorker, warmPages } from './core.js';
import { startHelp } from './help.js';
import { startMessages } from './messages.js';
import { loadData, start } from './outbox.js';

localTimes();
registerServiceWorker();
start();
startHelp();
startMessages();
// Keep the pair's block pages on the phone, so they open without signal too.
loadData().then((data) => {
  if (!data.offline) { warmPages(data.blocks.features.map((f) => `/field/blocks/${f.properties.id}`)); }
}, () => {});
