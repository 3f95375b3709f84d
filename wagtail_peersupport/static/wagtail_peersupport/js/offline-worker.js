/* wagtail-peersupport: a course's pages kept to read offline. Its settings (PS) come first. */
const N = PS.cache;
const ASSETS = PS.assets.map((a) => new URL(a, location).href);
const isPage = (r) => !ASSETS.includes(r.url);
const saved = async () => ((await caches.has(N)) ? caches.open(N) : null); // makes none

// The network first; a good answer (not no-store: search results) is kept, and beyond
// PS.max pages the oldest go.
async function keep(q) {
  const r = await fetch(q);
  if (r.status === 200 && r.type === "basic" && !r.redirected &&
      !/no-store/.test(r.headers.get("Cache-Control"))) {
    const c = await caches.open(N);
    await c.put(q, r.clone());
    for (const k of (await c.keys()).filter(isPage).slice(0, -PS.max)) await c.delete(k);
  }
  return r;
}
const keepAll = (urls) => Promise.all(urls.map((u) => keep(new Request(u))));

self.oninstall = () => self.skipWaiting();
self.onactivate = (e) => e.waitUntil(clients.claim());
// Same-origin GETs in the scope, and the package's CSS and JS.
self.onfetch = (e) => {
  const q = e.request, u = new URL(q.url);
  if (q.method === "GET" && u.origin === location.origin &&
      (u.pathname.startsWith(PS.scope) || ASSETS.includes(u.href))) {
    e.respondWith(keep(q).catch(async () =>
      (await caches.match(q, { cacheName: N, ignoreVary: true })) || Response.error()));
  }
};

// The page's jobs, each answered with what is kept.
const JOBS = {
  save: async () => {
    const list = await (await fetch(PS.pages)).json();
    await keepAll(list.pages.concat(list.assets));
  },
  // Back online, the connection may take a moment: three tries, two seconds apart.
  refresh: async (tries = 3) => {
    const urls = ((await (await saved())?.keys()) || []).map((k) => k.url);
    try { await keepAll(urls); } catch (error) {
      if (tries < 2) throw error;
      await new Promise((done) => setTimeout(done, 2000));
      await JOBS.refresh(tries - 1);
    }
  },
  remove: () => caches.delete(N),
};
self.onmessage = (e) => e.waitUntil((async () => {
  const job = e.data, failed = await Promise.resolve(JOBS[job]?.()).then(() => 0, () => 1);
  const rs = (await (await saved())?.matchAll()) || [];
  let bytes = 0;
  for (const r of rs) bytes += (await r.blob()).size;
  e.source.postMessage({ job, failed, pages: rs.filter(isPage).length, bytes });
})());
