/* The coded texts of DESIGN section 9, built in one place for the help call and for a visit waiting in the outbox:
 * the server's grammar, with the server's letters (labels.sms_codes, sent with the phone's words). A #REF is the
 * first six characters of the outbox item's client_id: the server knows the item by it when it later syncs. */
import { labels } from './core.js';

const REF_LENGTH = 6;
const CODES = labels.sms_codes;

const ref = (clientId) => `#${clientId.slice(0, REF_LENGTH)}`;

/* The block's code on the pair's map (data.json), or '' when this phone does not know it. */
export function blockCode(data, blockId) {
  const feature = blockId && data && data.blocks.features.find((block) => block.properties.id === blockId);
  return feature ? feature.properties.code : '';
}

/* HELP [BLOCK] #REF */
export function helpText(code, clientId) {
  return ['HELP', code, ref(clientId)].filter(Boolean).join(' ');
}

/* V BLOCK OUTCOME [NEED...] #REF, each need its letter and urgency digit; '' without the block's code (the server
 * needs it). */
export function visitText(code, visit) {
  if (!code) { return ''; }
  const needs = (visit.needs || []).map((need) => CODES.need_category[need.category] + CODES.need_urgency[need.urgency]);
  return ['V', code, CODES.outcome[visit.outcome], ...needs, ref(visit.client_id)].join(' ');
}

/* One tap opens the phone's messages app with the text to the staging number. */
export function smsHref(number, text) {
  return `sms:${number}?body=${encodeURIComponent(text)}`;
}

/* Whether something made at `madeAt` (ms) has waited `seconds` without data, so the phone may offer to text it. */
export function dueForText(madeAt, seconds) {
  return Boolean(madeAt) && Date.now() - madeAt >= Number(seconds) * 1000;
}
