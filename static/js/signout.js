/* Signing out leaves nothing of the volunteer on the phone (issue 25): work not yet sent is first offered
 * as a file (never dropped without asking), then the phone's data goes, and only then is the sign-out sent.
 * On every page with a sign-out button, since a volunteer may sign out from any of them. */
import { forgetThisPhone, saveUnsentToFile, unsent } from './phone_data.js';

const dialog = document.getElementById('sign-out-dialog');

/* "1 thing is not sent yet." / "3 things are not sent yet." */
function howMany(n) {
  return (n === 1 ? dialog.dataset.one : dialog.dataset.other).replace('{n}', n);
}

/* Ask what to do with n unsent things: resolves 'save', 'delete' or 'stay'. Anything but the two buttons
 * (Escape, a back gesture; Chromium then leaves returnValue empty) means stay. */
function ask(n) {
  dialog.querySelector('.sign-out-count').textContent = howMany(n);
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => {
    resolve(['save', 'delete'].includes(dialog.returnValue) ? dialog.returnValue : 'stay');
  }, { once: true }));
}

async function unsentCount() {
  try {
    const { waiting, problems } = await unsent();
    return waiting.length + problems.length;
  } catch (noStorage) {
    return 0;  // private mode or storage switched off: nothing was kept
  }
}

function guard(form) {
  form.addEventListener('submit', async (event) => {
    if (form.dataset.forgotten) { return; }  // the phone is clear: the real sign-out
    event.preventDefault();
    const n = await unsentCount();
    const choice = n ? await ask(n) : 'delete';
    if (choice === 'stay') { return; }
    if (choice === 'save') { await saveUnsentToFile(); }
    await forgetThisPhone().catch(() => {});  // what could be cleared is; the sign-out still goes ahead
    form.dataset.forgotten = '1';
    form.requestSubmit(event.submitter);
  });
}

if (dialog) {
  document.querySelectorAll('form[action$="/logout"]').forEach(guard);
}
