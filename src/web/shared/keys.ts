/**
 * Keyboard shortcuts that stay out of the way: plain keys are ignored while someone types (a
 * rationale; Escape leaves the field) and on a focused button's Enter or Space; "ctrl+enter"
 * works everywhere, so a rationale can be submitted without leaving the keyboard.
 */
import { useEffect, useRef } from "react";

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === "TEXTAREA" ||
    target.tagName === "SELECT" ||
    (target.tagName === "INPUT" &&
      !["radio", "checkbox"].includes((target as HTMLInputElement).type))
  );
}

function isActivating(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  const activatable = target?.tagName === "BUTTON" || target?.tagName === "A";
  return activatable && (event.key === "Enter" || event.key === " ");
}

const ENABLED_KEY = "prefkit.shortcuts";

/** Whether single-key shortcuts are on (WCAG 2.1.4: they can be turned off). */
export function shortcutsOn(): boolean {
  try {
    return localStorage.getItem(ENABLED_KEY) !== "off";
  } catch {
    return true;
  }
}

export function setShortcutsOn(on: boolean): void {
  localStorage.setItem(ENABLED_KEY, on ? "on" : "off");
}

/** The shortcut's name: the key in lower case, "ctrl+" first when Ctrl (or ⌘) is held. */
function nameOf(event: KeyboardEvent): string | undefined {
  if (event.altKey) return undefined;
  const key = event.key.toLowerCase();
  return event.ctrlKey || event.metaKey ? `ctrl+${key}` : key;
}

/** Calls the handler named by the key pressed (see `nameOf`), unless the key is not for us. */
export function useShortcuts(handlers: Record<string, () => void>, enabled = true): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      // Escape leaves a text field, so the plain-key shortcuts work again.
      if (event.key === "Escape" && isTyping(event.target)) {
        (event.target as HTMLElement).blur();
        return;
      }
      const name = nameOf(event);
      // A held key repeats: one press, one judgment.
      if (!name || event.defaultPrevented || event.repeat) return;
      const plain = !name.startsWith("ctrl+");
      if (plain && (!shortcutsOn() || isTyping(event.target) || isActivating(event))) return;
      const handler = current.current[name];
      if (handler) {
        event.preventDefault();
        handler();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
