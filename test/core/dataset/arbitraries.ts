/** fast-check arbitraries shared by the canonical-record property tests. */
import fc from "fast-check";
import type { Message } from "../../../src/core/types.js";

/** A message of any role whose content is `text` or up to two text and image parts. */
export const messageOf = (text: fc.Arbitrary<string>): fc.Arbitrary<Message> =>
  fc.record({
    role: fc.constantFrom("system", "user", "assistant"),
    content: fc.oneof(
      text,
      fc.array(
        fc.oneof(
          fc.record({ type: fc.constant("text" as const), text }),
          fc.record({ type: fc.constant("image_url" as const), url: text }),
        ),
        { maxLength: 2 },
      ),
    ),
  });
