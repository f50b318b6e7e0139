/** Text from a file as it may reach a terminal: control bytes escaped (`\x1b`), newlines and tabs kept. */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A line of a file for a message: cut to `max` characters, control bytes escaped. */
export function printable(text: string, max = 60): string {
  return terminalSafe(text.length > max ? `${text.slice(0, max)}…` : text);
}
