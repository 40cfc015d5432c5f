import type { Category } from '@kameng/shared';

/** A category with its children, ordered by sort then name. */
export interface CategoryNode extends Category {
  children: CategoryNode[];
  depth: number;
}

const bySortThenName = (a: Category, b: Category) => a.sort - b.sort || a.name.localeCompare(b.name);

/** Builds the tree from the flat list; orphans (parent missing) become roots. */
export function buildCategoryTree(items: Category[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>();
  for (const c of items) nodes.set(c.id, { ...c, children: [], depth: 0 });
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sortDeep = (list: CategoryNode[], depth: number) => {
    list.sort(bySortThenName);
    for (const n of list) {
      n.depth = depth;
      sortDeep(n.children, depth + 1);
    }
  };
  sortDeep(roots, 0);
  return roots;
}

/** Tree data for antd TreeSelect; `exclude` drops a category and its subtree (no cycles when moving). */
export interface CategoryOption {
  value: string;
  title: string;
  children: CategoryOption[];
}
export function categoryOptions(tree: CategoryNode[], exclude?: string): CategoryOption[] {
  return tree
    .filter((n) => n.id !== exclude)
    .map((n) => ({ value: n.id, title: n.name, children: categoryOptions(n.children, exclude) }));
}

/** The " / "-joined path of a category's names, for display in lists. */
export function categoryPath(items: Category[], id: string | null): string {
  if (!id) return '';
  const byId = new Map(items.map((c) => [c.id, c]));
  const names: string[] = [];
  let current = byId.get(id);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.join(' / ');
}
