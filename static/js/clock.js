// Times as coordinators read them: in the operation's time zone (not the laptop's), labelled with the
// zone ("14:05 CDT"), in the page's language. The zone is the server's BABEL_DEFAULT_TIMEZONE, handed to
// the page (outreach.i18n.zone_name); the map's popups and the dashboard both use these.

/** The zone's abbreviation at that moment: en-US names the US zones as people write them ("CDT"). */
export function zoneAbbreviation(when, zone) {
  const parts = new Intl.DateTimeFormat("en-US", {timeZone: zone, timeZoneName: "short"}).formatToParts(when);
  const found = parts.find((part) => part.type === "timeZoneName");
  return found ? found.value : "";
}

/** A time of day in the page's language and the operation's time zone, labelled ("14:05 CDT"). */
export function clock(iso, lang, zone, seconds = false) {
  if (!iso) { return ""; }
  const when = new Date(iso);
  const time = when.toLocaleTimeString(lang, {hour: "2-digit", minute: "2-digit", timeZone: zone,
                                              ...(seconds ? {second: "2-digit"} : {})});
  return zone ? `${time} ${zoneAbbreviation(when, zone)}` : time;
}

/** A date and time, for what may be days old ("6/12/26, 03:40 CST"). */
export function stamp(iso, lang, zone) {
  if (!iso) { return ""; }
  const when = new Date(iso);
  const text = when.toLocaleString(lang, {dateStyle: "short", timeStyle: "short", timeZone: zone});
  return zone ? `${text} ${zoneAbbreviation(when, zone)}` : text;
}

