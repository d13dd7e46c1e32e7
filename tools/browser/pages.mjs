// The pages every browser check visits, in each language of LANGS.
// Add a page here and the screenshots, vnu, axe, no-JS, third-party and weight checks all cover it.
//   name:   short id, used in file names (screenshots/<lang>-<name>-<width>.png)
//   path:   the path after the language segment ('/' is the home page)
//   status: the HTTP status the page must answer with (default 200)

export const LANGS = ['id', 'en'];

export const PAGES = [
  { name: 'home', path: '/' },
  { name: 'places', path: '/places' },
  { name: 'place-bandung', path: '/places/bandung' },
  { name: 'ties', path: '/ties' },
  { name: 'tie-ikn-astana', path: '/ties/ikn-nusantara--astana-kz' },
  { name: 'sources', path: '/sources' },
  { name: 'methodology', path: '/methodology' },
  { name: 'not-found', path: '/no-such-page', status: 404 },
  { name: 'sign-in', path: '/sign-in' },
  // The tie publish.mjs writes to (.ci/run runs it first): published agreement with PDF, roadmap, report.
  { name: 'tie-surabaya-liverpool', path: '/ties/surabaya--liverpool-gb' },
  { name: 'history-surabaya-liverpool', path: '/ties/surabaya--liverpool-gb/history' },
  { name: 'ties-filtered', path: '/ties?country=CN&status=in-force&sort=-signed' },
  { name: 'search', path: '/search?q=bandung' },
  { name: 'reports', path: '/reports' },
  { name: 'report', path: '/reports/1' },
  { name: 'api', path: '/api' },
];

// The tie whose records the signed-in pages show; the account must be an official of its place.
export const MANAGED_TIE = 'surabaya--liverpool-gb';

// Pages behind the sign-in, checked by check.mjs (vnu, axe, no-JS, third-party) when it is given
// an account (--email/--password or PANTAU_TEST_EMAIL/PANTAU_TEST_PASSWORD; .ci/run creates one).
// `{roadmap}`, `{agreement}`, `{report}`: the last (newest) such record on MANAGED_TIE's manage page
// (publish.mjs creates them); without one the page is skipped with a note.
export const SIGNED_IN_PAGES = [
  { name: 'dashboard', path: '/dashboard' },
  { name: 'manage', path: `/ties/${MANAGED_TIE}/manage` },
  { name: 'agreement-new', path: `/ties/${MANAGED_TIE}/agreements/new` },
  { name: 'step-new', path: `/ties/${MANAGED_TIE}/steps/new` },
  { name: 'roadmap-new', path: `/ties/${MANAGED_TIE}/roadmaps/new` },
  { name: 'milestone-new', path: '/roadmaps/{roadmap}/milestones/new' },
  { name: 'activity-new', path: `/ties/${MANAGED_TIE}/activities/new` },
  { name: 'report-new', path: `/ties/${MANAGED_TIE}/reports/new` },
  // Edit forms of published records: the correction reason, the stored document.
  { name: 'agreement-edit', path: '/agreements/{agreement}/edit' },
  { name: 'report-edit', path: '/reports/{report}/edit' },
  // The confirmation step before publishing (publish.mjs leaves an activity as a draft).
  { name: 'activity-publish-confirm', path: '/activities/{activity}/publish' },
  // The 403 page of a signed-in official (the account bar, their regions, whom to ask).
  { name: 'forbidden', path: '/admin/users', status: 403 },
  // Every account's own sessions (issue 17).
  { name: 'sessions', path: '/account/sessions' },
];

// Viewports for screenshots: a small phone and a laptop.
export const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
];

// The pages Lighthouse audits (lighthouse.mjs), by name from PAGES, in each language of LANGS.
export const LIGHTHOUSE_PAGES = ['home', 'place-bandung', 'tie-ikn-astana'];
