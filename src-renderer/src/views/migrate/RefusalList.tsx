/** Paths with the reason each was not handled as planned (unaccounted, left in place, kept). */
export function RefusalList({ items, label }: { items: { path: string; reason: string }[]; label?: string }) {
  return (
    <ul className="refusals" aria-label={label}>
      {items.map((u) => (
        <li key={u.path}>
          <span className="path">{u.path}</span> — <span className="reason">{u.reason}</span>
        </li>
      ))}
    </ul>
  );
}
