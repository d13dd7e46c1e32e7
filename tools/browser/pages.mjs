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
];

// Viewports for screenshots: a small phone and a laptop.
export const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
];

// The pages Lighthouse audits (lighthouse.mjs), by name from PAGES, in each language of LANGS.
export const LIGHTHOUSE_PAGES = ['home', 'place-bandung', 'tie-ikn-astana'];
