/**
 * Node options every Lienthong app runs with, wherever it is started (the launcher, the benches;
 * the container image sets the same NODE_OPTIONS). V8 sizes both generations after the machine's
 * memory (docs/performance.md, "Memory"):
 * - the young generation grows to 128 MiB per process after start-up on a machine with tens of
 *   GiB; 16 MiB semi-spaces keep an idle adapter near 190 MiB instead of 230 MiB, for scavenges
 *   that are more frequent but each cheaper;
 * - the old generation is let grow to three times its live size before a full collection: under
 *   1,000 concurrent look-ups the consumer's 85 MiB of live objects made a 250 MiB heap and a
 *   440 MiB process. 192 MiB makes V8 collect sooner (the peak was 260 MiB, at the same rate);
 *   file contents are Buffers outside this heap, and LOOKUP_MAX_IN_FLIGHT bounds what a burst of
 *   look-ups can hold, so the live set stays well under the limit.
 */
export const APP_NODE_OPTIONS = '--max-semi-space-size=16 --max-old-space-size=192';
