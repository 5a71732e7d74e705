import { todayIn } from '../../shared/urgency.js';
import { filterFromSearch, filterKey } from './common/filter-encoding.js';
import { formatLongDate } from './common/locale.js';
import { currentRoute } from './common/router.js';
import { deviceIdentity } from './common/device-identity.js';
import { session } from './common/session.js';
import { deviceFilter } from './workstation/device-filter.js';

/*
 * Imported first by jalon-app.ts, so this runs before the views and Lit are evaluated: IndexedDB
 * is opened and the remembered identity, settings and orders of this screen are read while the
 * rest of the script evaluates. A warm kiosk then draws its cards without waiting on the disk again.
 * The orders' key is the one the view will open: the kiosk's (its scope wins over the address),
 * the wall's (its address).
 */
const route = currentRoute();
const asked = filterFromSearch(location.search);
// On a kiosk the question "who is this screen" is asked now (the view would ask once drawn).
if (route === 'kiosk') deviceIdentity().prefetch();
const remembered = session().db.warmUp((me) => {
  if (route === 'kiosk') return filterKey(deviceFilter(me ?? null, asked));
  if (route === 'wall') return filterKey(asked);
  return null;
});
// Nothing remembered to draw: the live link's handshake starts now, beside that question, rather
// than once the view asks. With remembered orders it waits until they are painted (Session.open),
// which its work on the page would otherwise delay.
if (route === 'kiosk' || route === 'wall') {
  void remembered.then((found) => {
    if (!found) session().live.prepare();
  });
}

// A page's first date computation loads the time-zone and calendar data (tens of ms). Done in the
// task after the first render, while IndexedDB answers, instead of when the cards are drawn.
setTimeout(() => {
  todayIn('Europe/Paris');
  formatLongDate('2000-01-01');
});
