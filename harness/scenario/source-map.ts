import type { Path } from './issues.ts';
import type { Anchor, Locator, Position } from './positions.ts';

/**
 * Which file each part of the scenario came from. A scenario's task definitions and policies may
 * live in JSON files it references; they are read into the one tree that is validated, and this
 * map sends an issue's path back to the right file and position. The path shown stays the
 * scenario's (`tasks.web.containerDefinitions[0].image`) while file and line are the JSON file's.
 */

interface Mount {
  prefix: Path;
  file: string;
  locator: Locator | undefined;
  /** Where `prefix` sits inside that file's own document. */
  innerPrefix: Path;
}

export interface Located {
  file: string;
  position: Position | undefined;
}

export class SourceMap {
  private readonly mounts: Mount[];

  constructor(file: string, locator: Locator | undefined) {
    this.mounts = [{ prefix: [], file, locator, innerPrefix: [] }];
  }

  get rootFile(): string {
    return (this.mounts[0] as Mount).file;
  }

  /** Declares that the value at `prefix` was read from `file` (at `innerPrefix` in it). */
  mount(prefix: Path, file: string, locator: Locator | undefined, innerPrefix: Path = []): void {
    this.mounts.push({ prefix, file, locator, innerPrefix });
  }

  /** Declares that `prefix` is written in the scenario file itself, at the same path. */
  mountRoot(prefix: Path): void {
    const root = this.mounts[0] as Mount;
    this.mounts.push({ prefix, file: root.file, locator: root.locator, innerPrefix: prefix });
  }

  /** `parent-key` points at the key whose mapping lacks something (missing keys). */
  locate(path: Path, anchor: Anchor | 'parent-key'): Located {
    let mount = this.mounts[0] as Mount;
    for (const m of this.mounts) {
      if (m.prefix.length >= mount.prefix.length && m.prefix.length <= path.length && m.prefix.every((seg, i) => path[i] === seg)) mount = m;
    }
    const inner = [...mount.innerPrefix, ...path.slice(mount.prefix.length)];
    if (!mount.locator) return { file: mount.file, position: undefined };
    if (anchor === 'parent-key') {
      const parent = inner.slice(0, -1);
      const position = parent.length === 0 ? { line: 1, column: 1 } : mount.locator.locate(parent, typeof parent[parent.length - 1] === 'number' ? 'value' : 'key');
      return { file: mount.file, position };
    }
    return { file: mount.file, position: mount.locator.locate(inner, anchor) };
  }
}
