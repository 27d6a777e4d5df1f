/**
 * The one modal dialog: a name and a role, focus moved in and kept in (Tab wraps), Escape and a
 * click on the backdrop close it, and focus goes back where it was when it closes. Dialogs stack:
 * only the top one answers Escape.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), video[controls], audio[controls], [tabindex]:not([tabindex="-1"])';

/** The open dialogs, innermost last; App's shortcuts stay quiet while any is open. */
const stack: symbol[] = [];
export const dialogOpen = (): boolean => stack.length > 0;

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
}

interface Props {
  /** Shown as the heading; also the dialog's name unless `label` is given. */
  title: ReactNode;
  /** The accessible name when the heading is not a good one (e.g. it holds a long file name). */
  label?: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom, in reading order (Cancel first, the action last). */
  actions?: ReactNode;
  className?: string;
}

export function Dialog({ title, label, onClose, children, actions, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const me = Symbol('dialog');
    stack.push(me);
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = ref.current;
    // An element that asked for focus (autoFocus) keeps it; otherwise the first control, else the dialog itself.
    if (root && !root.contains(document.activeElement)) (focusables(root)[0] ?? root).focus();
    const onKey = (e: KeyboardEvent) => {
      if (stack[stack.length - 1] !== me || !root) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close.current();
      } else if (e.key === 'Tab') {
        const list = focusables(root);
        if (list.length === 0) {
          e.preventDefault();
          return;
        }
        const first = list[0]!;
        const last = list[list.length - 1]!;
        const inside = root.contains(document.activeElement);
        if (e.shiftKey && (document.activeElement === first || !inside)) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      stack.splice(stack.indexOf(me), 1);
      // Back to the control that opened it, if it is still there.
      if (before && before.isConnected) before.focus();
    };
  }, []);

  return (
    <div
      className="modal-backdrop"
      role="presentation"
      onMouseDown={(e) => {
        // Only a press that starts and ends on the backdrop closes: a text selection dragged out of the dialog does not.
        if (e.target === e.currentTarget) e.currentTarget.dataset.pressed = '1';
      }}
      onClick={(e) => {
        const pressed = e.currentTarget.dataset.pressed === '1';
        delete e.currentTarget.dataset.pressed;
        if (pressed && e.target === e.currentTarget) onClose();
      }}
    >
      <div ref={ref} className={`modal${className ? ` ${className}` : ''}`} role="dialog" aria-modal="true" tabIndex={-1} aria-label={label} aria-labelledby={label ? undefined : titleId}>
        <h2 id={titleId}>{title}</h2>
        {children}
        {actions ? <div className="modal-actions">{actions}</div> : null}
      </div>
    </div>
  );
}
