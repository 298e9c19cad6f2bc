/**
 * @module
 * Reference ceiling 1 (DESIGN 6): a Worker that answers every request 200 without reading it. What
 * `workerd serve` itself costs per request on this machine.
 */
export default {
  fetch(): Response {
    return new Response('{"id":"00000000000000000000000000000000"}', {
      headers: { "content-type": "application/json" },
    });
  },
} satisfies ExportedHandler;
