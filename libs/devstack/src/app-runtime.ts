/**
 * Node options every Lienthong app runs with, wherever it is started (the launcher, the benches;
 * the container image sets the same NODE_OPTIONS). V8 sizes the young generation after the
 * machine's memory, and on a machine with tens of GiB it grows to 128 MiB per process after
 * start-up: a young generation of 16 MiB semi-spaces keeps an idle adapter near 150 MiB instead of
 * 230 MiB, for scavenges that are more frequent but each cheaper (docs/performance.md, "memory").
 */
export const APP_NODE_OPTIONS = '--max-semi-space-size=16';
