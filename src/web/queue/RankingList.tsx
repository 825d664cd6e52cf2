/**
 * Candidates to put in order, best first: drag with a mouse or finger, or with the keyboard —
 * focus an item (Tab, or ↑/↓ between items) and press Shift+↑/↓ (or the move buttons) to move it.
 */
import { type DragEvent, type KeyboardEvent, useRef, useState } from "react";
import type { TaskCandidate } from "../../api";
import { Conversation } from "../shared/Conversation";

export function move<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}

export function RankingList({
  candidates,
  order,
  onOrder,
}: {
  candidates: readonly TaskCandidate[];
  order: readonly string[];
  onOrder: (order: string[]) => void;
}) {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const items = useRef<(HTMLLIElement | null)[]>([]);
  const [dragging, setDragging] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const moveTo = (from: number, to: number, keepFocus: boolean) => {
    if (to < 0 || to >= order.length || to === from) return;
    onOrder(move(order, from, to));
    setAnnouncement(`Moved to position ${to + 1} of ${order.length}`);
    if (keepFocus) requestAnimationFrame(() => items.current[to]?.focus());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    if (event.target !== event.currentTarget) return;
    const step = event.key === "ArrowUp" ? -1 : event.key === "ArrowDown" ? 1 : 0;
    if (step === 0) return;
    event.preventDefault();
    if (event.shiftKey) moveTo(index, index + step, true);
    else items.current[index + step]?.focus();
  };

  const onDrop = (event: DragEvent<HTMLLIElement>, index: number) => {
    event.preventDefault();
    if (dragging !== null) moveTo(dragging, index, false);
    setDragging(null);
  };

  return (
    <>
      <p id="ranking-help" className="muted">
        Best first. Drag the responses, or focus one and press Shift+↑ / Shift+↓ to move it.
      </p>
      <ol className="ranking" aria-describedby="ranking-help">
        {order.map((id, index) => {
          const candidate = byId.get(id);
          if (!candidate) return null;
          return (
            <li
              key={id}
              ref={(element) => {
                items.current[index] = element;
              }}
              // biome-ignore lint/a11y/noNoninteractiveTabindex: items are moved with the keyboard
              tabIndex={0}
              draggable
              aria-label={`Response at position ${index + 1}`}
              className={dragging === index ? "dragging" : ""}
              data-testid="ranking-item"
              data-candidate={id}
              onKeyDown={(e) => onKeyDown(e, index)}
              onDragStart={(e) => {
                setDragging(index);
                e.dataTransfer.effectAllowed = "move";
                e.dataTransfer.setData("text/plain", String(index));
              }}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => onDrop(e, index)}
              onDragEnd={() => setDragging(null)}
            >
              <span className="rank-number drag-handle" aria-hidden="true">
                {index + 1}
              </span>
              <div className="panel">
                <Conversation messages={candidate.messages} hideSingleRole />
              </div>
              <span className="rank-moves">
                <button
                  type="button"
                  aria-label={`Move response ${index + 1} up`}
                  disabled={index === 0}
                  onClick={() => moveTo(index, index - 1, false)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={`Move response ${index + 1} down`}
                  disabled={index === order.length - 1}
                  onClick={() => moveTo(index, index + 1, false)}
                >
                  ↓
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
