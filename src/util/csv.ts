/** Small CSV tables the studies write and resume from: a header line, one quoted-when-needed cell per column. */

/** A cell: quoted when it holds a comma, a quote or a newline (quotes doubled). */
export function csvCell(v: unknown): string {
  const t = String(v);
  return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Rows as CSV text with the given columns, header first, newline-terminated. */
export function toCsv<T extends object>(rows: readonly T[], columns: (keyof T)[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

/** The cells of one CSV line (quoted cells may hold commas; `""` is a quote). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
