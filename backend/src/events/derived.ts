/**
 * @module
 * Fields derived from a normalized event that both the writer (`events` columns) and the REST
 * serializers need, so the two can never disagree.
 */
import type { Event } from "@breakwater/core/schema";

/**
 * Sentry's `user` tag: the first of id, email, username, IP that is set, prefixed with its kind
 * (`id:42`, `email:a@b.c`). Empty when the event has no user. Issue user counts are uniq() of it.
 */
export function userKey(event: Event): string {
  const u = event.user;
  if (!u) return "";
  if (u.id) return `id:${u.id}`;
  if (u.email) return `email:${u.email}`;
  if (u.username) return `username:${u.username}`;
  if (u.ip_address) return `ip:${u.ip_address}`;
  return "";
}

/**
 * The event's tags as Sentry shows them: the SDK's own tags, plus promoted fields the SDK did not
 * tag itself (level, environment, release, dist, server_name, transaction, user, handled, mechanism,
 * url). SDK tags win on key conflicts, and each key appears once.
 */
export function eventTags(event: Event): [string, string][] {
  const tags: [string, string][] = [];
  const seen = new Set<string>();
  const add = (key: string, value: string | undefined) => {
    if (value === undefined || value === "" || seen.has(key)) return;
    seen.add(key);
    tags.push([key, value]);
  };
  for (const [key, value] of event.tags) add(key, value);
  const main = event.exception?.values.at(-1);
  add("level", event.level);
  add("environment", event.environment);
  add("release", event.release);
  add("dist", event.dist);
  add("server_name", event.server_name);
  add("transaction", event.transaction);
  add("user", userKey(event) || undefined);
  if (main?.mechanism?.handled !== undefined) add("handled", main.mechanism.handled ? "yes" : "no");
  add("mechanism", main?.mechanism?.type);
  add("url", event.request?.url);
  return tags;
}

/** The message text: the formatted message when the SDK sent one, else the template. */
export function messageText(event: Event): string {
  return event.logentry?.formatted ?? event.logentry?.message ?? "";
}
