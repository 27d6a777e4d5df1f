/**
 * A drag handle that is also a keyboard control: a vertical separator with a value; arrows change
 * it by 16 px (Shift: 64), pointer drags change it freely.
 */
import { type PointerEvent, useRef } from 'react';

interface Props {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (px: number) => void;
  /** -1 when dragging left makes it bigger (a panel on the right). */
  direction?: 1 | -1;
  className?: string;
}

export function Resizer({ label, value, min, max, onChange, direction = 1, className = '' }: Props) {
  const drag = useRef<{ x: number; start: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, start: value };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    onChange(drag.current.start + (e.clientX - drag.current.x) * direction);
  };
  const end = () => {
    drag.current = null;
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className={`resizer ${className}`}
      onClick={(e) => e.stopPropagation()}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onPointerCancel={end}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 64 : 16;
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.preventDefault();
          e.stopPropagation();
          onChange(value + (e.key === 'ArrowRight' ? step : -step) * direction);
        }
      }}
    />
  );
}
