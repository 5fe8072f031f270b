/* Every field page: the service worker, the outbox strip, help now, messages from the staging area. */
import { localTimes, registerServiceWorker } from './core.js';
import { startHelp } from './help.js';
import { startMessages } from './messages.js';
import { start } from './outbox.js';

localTimes();
registerServiceWorker();
start();
startHelp();
startMessages();
