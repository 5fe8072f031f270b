/* Whether the person is on shift, as this phone knows it: the last shift the server told us about,
 * then the check-ins and check-outs still waiting in the outbox, in order. */
import { M, clock, fmt } from './core.js';

const HOUR = 3600 * 1000;

export function shiftState(shift, items) {
  let state = shift ? { on: true, expected_end_at: shift.expected_end_at, pending: false } : { on: false, pending: false };
  items.forEach((item) => {
    if (item.kind === 'check_in') {
      state = { on: true, pending: true, expected_end_at: new Date(item.queued_at + item.body.hours * HOUR).toISOString() };
    } else if (item.kind === 'check_out') {
      state = { on: false, pending: true };
    }
  });
  return state;
}

/* What to say about a state: "On shift until 11:18.", overdue, or not checked in. */
export function shiftWords(state) {
  if (!state.on) { return { text: M.not_checked_in, overdue: false }; }
  const overdue = new Date(state.expected_end_at) < new Date();
  return { text: fmt(overdue ? M.overdue : M.checked_in_until, { time: clock(state.expected_end_at) }), overdue };
}
