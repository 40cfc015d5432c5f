/** The path of the server bundle under `root` (default: this repository), built first when out of date. */
export function ensureServerBundle(root?: string): Promise<string>;
