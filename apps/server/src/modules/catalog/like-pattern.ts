/** `%q%` for ILIKE with the wildcards and the escape character in `q` taken literally. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}
