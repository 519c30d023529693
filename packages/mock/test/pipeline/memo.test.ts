import { describe, expect, it } from "vitest";
import { VerdictMemo } from "../../src/pipeline/memo.js";

describe("the verdict memo", () => {
  it("keeps at most its capacity, dropping the oldest first", () => {
    const memo = new VerdictMemo<number>(3);
    for (let i = 0; i < 5; i++) memo.set(`k${i}`, i);
    expect(memo.size).toBe(3);
    expect([memo.get("k0"), memo.get("k1"), memo.get("k2"), memo.get("k4")]).toEqual([undefined, undefined, 2, 4]);
  });

  it("does not remember a key longer than its limit, so huge requests cannot grow it", () => {
    const memo = new VerdictMemo<boolean>(10, 16);
    memo.set("x".repeat(17), true);
    memo.set("y".repeat(16), true);
    expect(memo.get("x".repeat(17))).toBeUndefined();
    expect(memo.get("y".repeat(16))).toBe(true);
    expect(memo.size).toBe(1);
  });
});
