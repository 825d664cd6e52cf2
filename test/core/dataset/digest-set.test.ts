import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conversationDigest, Digest64, DigestSet } from "../../../src/core/dataset/digest-set.js";

const key = (d: Digest64) => `${d.hi}:${d.lo}`;

describe("Digest64", () => {
  it("separates fields, so moving text between them changes the digest", () => {
    expect(key(new Digest64().text("ab").text("c"))).not.toBe(
      key(new Digest64().text("a").text("bc")),
    );
    expect(key(new Digest64().text("ab"))).toBe(key(new Digest64().text("ab")));
  });

  it("tells conversations apart by role, text, image and turn boundaries", () => {
    const user = (content: string) => ({ role: "user" as const, content });
    const digests = [
      conversationDigest([user("hi")]),
      conversationDigest([{ role: "assistant", content: "hi" }]),
      conversationDigest([user("h"), user("i")]),
      conversationDigest([{ role: "user", content: [{ type: "image_url", url: "hi" }] }]),
      conversationDigest([]),
    ].map(key);
    expect(new Set(digests).size).toBe(digests.length);
  });
});

describe("DigestSet", () => {
  it("agrees with a Set of the same digests, through growth (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }), (texts) => {
        const set = new DigestSet();
        const reference = new Set<string>();
        for (const t of texts) {
          const d = new Digest64().text(t);
          expect(set.add(d)).toBe(!reference.has(key(d)));
          reference.add(key(d));
        }
        expect(set.size).toBe(reference.size);
        const visited: string[] = [];
        set.forEach((d) => {
          visited.push(`${d.hi}:${d.lo}`);
        });
        expect(new Set(visited)).toEqual(reference);
        return texts.every((t) => set.has(new Digest64().text(t)));
      }),
      { numRuns: 30 },
    );
  });
});
