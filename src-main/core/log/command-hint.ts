/**
 * Messages tell people which command brings them back; the path in it must survive a copy and
 * paste into a shell, and library paths have spaces ("Reclib Library"), quotes and brackets.
 */
const PLAIN = /^[A-Za-z0-9_/.,:@%+=-]+$/;

/** One shell argument: as is when plain, else double-quoted with the characters a shell expands escaped. */
export function shellArg(value: string): string {
  if (PLAIN.test(value)) return value;
  return `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}
