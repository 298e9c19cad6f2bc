/** Pure parts of the Kafka EventLog: request splitting and key → partition. */
import type { Message } from "kafkajs";
import { describe, expect, it } from "vitest";
import { MAX_PARTITION_BATCH_BYTES, partitionOf, produceRequests } from "./event-log.ts";

const msg = (partition: number, bytes: number): Message => ({ key: "k", value: "x".repeat(bytes), partition });
const sizes = (messages: Message[]) => messages.map((m) => `${m.partition}:${(m.value as string).length}`);

describe("produceRequests", () => {
  it("keeps each partition under the broker's batch limit and every message exactly once", () => {
    const third = Math.floor(MAX_PARTITION_BATCH_BYTES / 3);
    const byPartition = new Map([
      [0, [msg(0, third), msg(0, third), msg(0, third), msg(0, third)]],
      [1, [msg(1, 10)]],
    ]);
    const requests = [...produceRequests(byPartition)];
    expect(requests.map((r) => sizes(r.messages))).toEqual([
      [`0:${third}`, `0:${third}`, `0:${third}`, "1:10"],
      [`0:${third}`],
    ]);
    expect(requests.every((r) => !r.oversized)).toBe(true);
  });

  it("sends a message over the limit alone, flagged for compression", () => {
    const big = MAX_PARTITION_BATCH_BYTES + 1;
    const requests = [...produceRequests(new Map([[2, [msg(2, 5), msg(2, big), msg(2, 7)]]]))];
    expect(requests.map((r) => [sizes(r.messages), r.oversized])).toEqual([
      [["2:5"], false],
      [[`2:${big}`], true],
      [["2:7"], false],
    ]);
  });

  it("yields nothing for an empty group", () => {
    expect([...produceRequests(new Map())]).toEqual([]);
  });
});

describe("partitionOf", () => {
  it("is stable per key and spreads project ids over the partitions", () => {
    expect(partitionOf("1", 4)).toBe(partitionOf("1", 4));
    const used = new Set(Array.from({ length: 50 }, (_, i) => partitionOf(String(i + 1), 4)));
    expect(used.size).toBe(4);
    for (const p of used) expect(p).toBeLessThan(4);
  });
});
