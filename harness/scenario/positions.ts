import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Path } from './issues.ts';

/**
 * Field path → line and column, over a parsed YAML (or JSON) document, via yaml's node ranges and
 * LineCounter. When the path leads somewhere that does not exist (a missing key), the position is
 * that of the deepest part that does.
 */

export interface Position {
  line: number;
  column: number;
}

/** `key`: the mapping key itself (unknown keys, bad targets); `value`: what the key holds. */
export type Anchor = 'key' | 'value';

export interface Locator {
  locate(path: Path, anchor: Anchor): Position | undefined;
  /** The field path of the deepest node that holds `offset` (for YAML syntax errors). */
  pathAt(offset: number): Path;
}

const keyText = (key: unknown): string => (isScalar(key) ? String(key.value) : String(key));

export function yamlLocator(doc: Document, lineCounter: LineCounter): Locator {
  const position = (node: { range?: readonly number[] | null } | null | undefined): Position | undefined => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  // Each mapping's keys, indexed on first use: a file with 80k wrong keys gets 80k lookups, and
  // a scan of the mapping for each would take minutes (issue 14).
  const keyIndex = new WeakMap<object, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    let index = keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items as Pair[]) {
        const k = keyText(p.key);
        if (!index.has(k)) index.set(k, p);
      }
      keyIndex.set(map, index);
    }
    return index.get(key);
  };

  return {
    locate(path, anchor) {
      let node = deref(doc.contents) as Node | null | undefined;
      let best = position(node) ?? { line: 1, column: 1 };
      for (let i = 0; i < path.length; i++) {
        const seg = path[i];
        const last = i === path.length - 1;
        if (isMap(node)) {
          const pair = pairOf(node, String(seg));
          if (!pair) return best;
          const keyPos = position(pair.key as Node);
          if (last && anchor === 'key') return keyPos ?? best;
          best = keyPos ?? best;
          const value = deref(pair.value) as Node | null;
          if (!value || !position(value)) return best;
          node = value;
          if (!last) best = position(value) ?? best;
        } else if (isSeq(node) && typeof seg === 'number') {
          const item = deref(node.items[seg]) as Node | undefined;
          if (!item || !position(item)) return best;
          node = item;
          best = position(item) ?? best;
        } else {
          return best;
        }
      }
      return position(node) ?? best;
    },

    pathAt(offset) {
      const path: (string | number)[] = [];
      let node: unknown = deref(doc.contents);
      const start = (n: unknown): number | undefined => (n as { range?: number[] } | null)?.range?.[0];
      const end = (n: unknown): number | undefined => (n as { range?: number[] } | null)?.range?.[2];
      const within = (from: number | undefined, to: number | undefined) => from !== undefined && to !== undefined && offset >= from && offset <= to;
      for (;;) {
        if (isMap(node)) {
          // A pair spans from its key to the end of its value (tags and anchors sit in between).
          const pair = (node.items as Pair[])[itemAt(node.items as Pair[], (p) => start(p.key), (p) => end(p.value) ?? end(p.key), offset)];
          if (!pair) return path;
          path.push(keyText(pair.key));
          if (within(start(pair.key), end(pair.key)) || !within(start(pair.value), end(pair.value))) return path;
          node = deref(pair.value);
        } else if (isSeq(node)) {
          const index = itemAt(node.items, start, end, offset);
          if (index === -1) return path;
          path.push(index);
          node = deref(node.items[index]);
        } else {
          return path;
        }
      }
    },
  };
}

/**
 * The index of the item whose [from, to] range holds `offset`, or -1: a binary search, since a
 * collection's items are in source order and do not overlap.
 */
function itemAt<T>(items: readonly T[], from: (item: T) => number | undefined, to: (item: T) => number | undefined, offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid] as T;
    const a = from(item);
    const b = to(item);
    if (a === undefined || b === undefined) return items.findIndex((i) => { const x = from(i); const y = to(i); return x !== undefined && y !== undefined && offset >= x && offset <= y; });
    if (offset < a) hi = mid - 1;
    else if (offset > b) lo = mid + 1;
    else return mid;
  }
  return -1;
}
